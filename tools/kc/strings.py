"""Reader-facing words the generated parts of pages use, in each language."""

from __future__ import annotations

from datetime import date

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "id": "Id",
        "version": "Version",
        "status": "Status",
        "effective": "Gäller från",
        "effective_planned": "Planeras gälla från",
        "review_by": "Ska ses över senast",
        "owner": "Ansvarig",
        "audiences": "Målgrupper",
        "topic": "Område",
        "guideline": "Riktlinje",
        "not_set": "inte fastställt",
        "consultation_notice": "Detta är ett remissförslag. Det gäller inte ännu och kan ändras efter remissen.",
        "consultation_closes": "Lämna synpunkter senast {date}.",
        "draft_notice": "Detta är ett utkast. Det gäller inte och får inte användas som stöd för beslut.",
        "withdrawn_notice": "Riktlinjen är upphävd sedan {date}. Skäl: {reason}",
        "authoritative": "",
        "cite": "Hänvisning",
        "copy_citation": "Kopiera hänvisning",
        "copied": "Hänvisningen är kopierad",
        "permalink": "Permanent länk",
        "version_word": "version",
        "no_guidelines": "Det finns inga riktlinjer ännu.",
        "no_consultations": "Just nu finns inga riktlinjer på remiss.",
        "history_link": "Versionshistorik",
        "download_csv": "Ladda ned matrisen som CSV",
        "responsible": "Ansvarar",
        "consulted": "Rådfrågas",
        "informed": "Informeras",
        "task": "Uppgift",
        "clause": "Punkt",
        "legend": "A = ansvarar, R = rådfrågas, I = informeras.",
        "term_sv": "Svenska",
        "term_en": "Engelska",
        "definition": "Förklaring",
        "process_title": "Processen steg för steg",
        "matrix_caption": "Ansvarsmatris: vem som ansvarar, rådfrågas och informeras för varje uppgift.",
        "untranslated": "",
    },
    "en": {
        "id": "ID",
        "version": "Version",
        "status": "Status",
        "effective": "In force from",
        "effective_planned": "Planned to apply from",
        "review_by": "Review due by",
        "owner": "Owner",
        "audiences": "Audiences",
        "topic": "Area",
        "guideline": "Guideline",
        "not_set": "not set",
        "consultation_notice": "This is a consultation draft. It does not apply yet and may change after consultation.",
        "consultation_closes": "Send your comments by {date}.",
        "draft_notice": "This is a draft. It does not apply and must not be relied on for decisions.",
        "withdrawn_notice": "This guideline was withdrawn on {date}. Reason: {reason}",
        "authoritative": (
            "This is an English translation. The Swedish text is authoritative; "
            "where the two differ, the Swedish text applies."
        ),
        "cite": "Citation",
        "copy_citation": "Copy citation",
        "copied": "Citation copied",
        "permalink": "Permanent link",
        "version_word": "version",
        "no_guidelines": "There are no guidelines yet.",
        "no_consultations": "No guidelines are out for consultation at the moment.",
        "history_link": "Version history",
        "download_csv": "Download the matrix as CSV",
        "responsible": "Responsible",
        "consulted": "Consulted",
        "informed": "Informed",
        "task": "Task",
        "clause": "Clause",
        "legend": "R = responsible, C = consulted, I = informed.",
        "term_sv": "Swedish",
        "term_en": "English",
        "definition": "Definition",
        "process_title": "The process step by step",
        "matrix_caption": "Responsibility matrix: who is responsible, consulted and informed for each task.",
        "untranslated": (
            "Not yet translated: this guideline is not yet available in English. "
            "The Swedish text is shown below."
        ),
    },
}

# Letters used in the matrix cells; words are given in the legend and in each cell's title.
RACI_LETTERS = {"sv": {"responsible": "A", "consulted": "R", "informed": "I"},
                "en": {"responsible": "R", "consulted": "C", "informed": "I"}}

MONTHS = {
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def t(lang: str, key: str, **kwargs: str) -> str:
    """The text `key` in `lang`, with `{placeholders}` filled in."""
    text = STRINGS[lang][key]
    return text.format(**kwargs) if kwargs else text


def format_date(value: date | None, lang: str) -> str:
    """A date as readers write it: '1 april 2027' / '1 April 2027'."""
    if value is None:
        return t(lang, "not_set")
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
