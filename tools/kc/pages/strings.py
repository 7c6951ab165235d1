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
        "consultation_notice": (
            "Detta är ett remissförslag. Det gäller inte ännu och kan ändras efter remissen."
        ),
        "consultation_closes": "Lämna synpunkter senast {date}.",
        "consultation_how": (
            "Skicka synpunkterna med e-post till {address}. Ange riktlinjens id och numret på varje avsnitt "
            "som synpunkten gäller."
        ),
        "consultation_subject": "Remissvar {id} version {version}",
        "applies": "Gäller",
        "draft_notice": "Detta är ett utkast. Det gäller inte och får inte användas som stöd för beslut.",
        "withdrawn_notice": "Riktlinjen är upphävd sedan {date}. Skäl: {reason}",
        "authoritative": "",
        "cite": "Hänvisning",
        "cite_status_draft": "utkast",
        "cite_status_consultation": "remissversion",
        "cite_status_adopted": "beslutad",
        "cite_status_superseded": "ersatt",
        "cite_status_withdrawn": "upphävd",
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
        "matrix_current_only": "Ansvarsmatrisen visas bara för den gällande versionen.",
        "process_current_only": "Processbilden visas bara för den gällande versionen.",
        "diff_added": "Tillagt",
        "diff_removed": "Borttaget",
        "diff_kind_changed": "Ändrad",
        "diff_kind_added": "Ny",
        "diff_kind_removed": "Borttagen",
        "diff_none": "Texten är oförändrad.",
        "diff_unchanged": "Oförändrade avsnitt",
        "diff_intro": "inledningen",
        "history_title": "Versionshistorik",
        "history_intro": (
            "Alla versioner av riktlinjen, den senaste först, med vad som ändrades. "
            "Jämförelsen visar ord som har lagts till som understrukna "
            "och ord som har tagits bort som överstrukna."
        ),
        "compare_with": "Ändringar jämfört med version {version}",
        "compare_in_swedish": (
            "Versionerna finns inte båda på engelska; jämförelsen visar den svenska texten."
        ),
        "read_version": "Läs version {version}",
        "current_version": "Läs den gällande versionen",
        "current_text": "Läs den aktuella versionen",
        "superseded_banner": "Den här versionen är ersatt av version {version}.",
        "in_force_banner": "Den här versionen gäller tills version {version} har beslutats.",
        "in_force_notice": "Tills den här versionen har beslutats gäller version {version}.",
        "withdrawn_banner": "Riktlinjen är upphävd. Skäl: {reason}",
        "dated": "Datum",
        "superseded_by": "ersatt av version {version}",
        "whats_new_item": "{id} {title}, version {version}",
        "feed_title": "Nyheter – nationella riktlinjer för avhopparverksamhet",
        "feed_link": "Prenumerera på nyheterna (Atom-flöde)",
        "no_news": "Det finns inga ändringar ännu.",
        "all_news": "Alla nyheter",
        "translation_state_current": "aktuell",
        "translation_state_outdated": "inaktuell",
        "translation_state_missing": "saknas",
        "sv_version": "Svensk version",
        "en_version": "Engelsk version",
        "translation_state": "Översättning",
        "outdated_translation": "",
        "read_swedish": "",
        "clause_outdated": "Översättningen av det här avsnittet kan vara inaktuell.",
        "read_swedish_clause": "Läs den svenska texten av {clause}",
        "outdated_clauses": "Avsnitt vars översättning kan vara inaktuell",
        "no_outdated_clauses": "Alla översatta avsnitt motsvarar den svenska texten.",
        "clause_state_outdated": "den svenska texten har ändrats",
        "clause_state_unmarked": "inte markerad som översatt",
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
        "consultation_notice": (
            "This is a consultation draft. It does not apply yet and may change after consultation."
        ),
        "consultation_closes": "Send your comments by {date}.",
        "consultation_how": (
            "E-mail your comments to {address}, giving the guideline's id and the number of each clause "
            "you comment on."
        ),
        "consultation_subject": "Consultation response {id} version {version}",
        "applies": "Applies",
        "draft_notice": "This is a draft. It does not apply and must not be relied on for decisions.",
        "withdrawn_notice": "This guideline was withdrawn on {date}. Reason: {reason}",
        "authoritative": (
            "This is an English translation. The Swedish text is authoritative; "
            "where the two differ, the Swedish text applies."
        ),
        "cite": "Citation",
        "cite_status_draft": "draft",
        "cite_status_consultation": "consultation version",
        "cite_status_adopted": "adopted",
        "cite_status_superseded": "superseded",
        "cite_status_withdrawn": "withdrawn",
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
        "matrix_current_only": "The responsibility matrix is shown for the current version only.",
        "process_current_only": "The process diagram is shown for the current version only.",
        "diff_added": "Added",
        "diff_removed": "Removed",
        "diff_kind_changed": "Changed",
        "diff_kind_added": "New",
        "diff_kind_removed": "Removed",
        "diff_none": "The text is unchanged.",
        "diff_unchanged": "Unchanged sections",
        "diff_intro": "introduction",
        "history_title": "Version history",
        "history_intro": (
            "Every version of the guideline, newest first, with what changed. "
            "The comparison shows added words underlined and removed words struck through."
        ),
        "compare_with": "Changes since version {version}",
        "compare_in_swedish": (
            "The two versions do not both exist in English; the comparison shows the Swedish text."
        ),
        "read_version": "Read version {version}",
        "current_version": "Read the version in force",
        "current_text": "Read the current version",
        "superseded_banner": "This version has been superseded by version {version}.",
        "in_force_banner": "This version applies until version {version} has been adopted.",
        "in_force_notice": "Until this version is adopted, version {version} applies.",
        "withdrawn_banner": "This guideline has been withdrawn. Reason: {reason}",
        "dated": "Date",
        "superseded_by": "superseded by version {version}",
        "whats_new_item": "{id} {title}, version {version}",
        "feed_title": "What's new – national guidelines for exit programmes",
        "feed_link": "Subscribe to the news (Atom feed)",
        "no_news": "There are no changes yet.",
        "all_news": "All news",
        "translation_state_current": "current",
        "translation_state_outdated": "outdated",
        "translation_state_missing": "missing",
        "sv_version": "Swedish version",
        "en_version": "English version",
        "translation_state": "Translation",
        "outdated_translation": (
            "This translation is of version {en}. The Swedish text has since been revised to version {sv}; "
            "{link} for the changes."
        ),
        "read_swedish": "read the Swedish text",
        "clause_outdated": "The translation of this paragraph may be out of date.",
        "read_swedish_clause": "Read the Swedish text of {clause}",
        "outdated_clauses": "Paragraphs whose translation may be out of date",
        "no_outdated_clauses": "Every translated paragraph matches the Swedish text.",
        "clause_state_outdated": "the Swedish text has changed",
        "clause_state_unmarked": "not marked as translated",
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
