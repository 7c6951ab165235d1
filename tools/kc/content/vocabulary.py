"""The controlled vocabularies (`docs/guidelines/_vocabulary.yml`): topics, statuses and audiences, each a
key with a Swedish and an English label. Only well-formed entries are used; every other one is a finding."""

from __future__ import annotations

from kc.content import yamlsrc
from kc.content.findings import Finding

KINDS = ("topics", "statuses", "audiences", "document_types")  # document_types: templates, checklists, ...
LANGS = ("sv", "en")
RULE = "vocabulary"

Vocabulary = dict[str, dict[str, dict[str, str]]]


def read_vocabulary(project) -> tuple[Vocabulary, list[Finding]]:
    """The usable vocabulary and the problems of the file (empty vocabulary when it is absent).

    `project` is a kc.content.model.Project, not imported here: the model reads its vocabulary with this."""
    path = project.records_dir / "_vocabulary.yml"
    rel = project.rel(path)
    vocabulary: Vocabulary = {kind: {} for kind in KINDS}
    if not path.exists():
        return vocabulary, []
    try:
        data, lines = yamlsrc.load(path)
    except yamlsrc.YamlError as exc:
        return vocabulary, [Finding(rel, exc.line, exc.message, rule=exc.rule)]
    problems: list[Finding] = []

    def problem(key: str, message: str) -> None:
        problems.append(Finding(rel, yamlsrc.line_of(lines, key), message, rule=RULE))

    if data is None:
        return vocabulary, []
    if not isinstance(data, dict):
        problem("", "the vocabulary must be a mapping with 'topics:', 'statuses:' and 'audiences:'")
        return vocabulary, problems
    for kind in KINDS:
        entries = data.get(kind)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            problem(kind, f"'{kind}' must map keys to labels, like 'police: {{sv: ..., en: ...}}'")
            continue
        for key, labels in entries.items():
            at = f"{kind}.{key}"
            if not isinstance(key, str) or not key.strip():
                problem(at, f"the {kind} key {key!r} must be text such as 'social-services'")
                continue
            texts = labels if isinstance(labels, dict) else {}
            if not all(isinstance(texts.get(lang), str) and texts[lang].strip() for lang in LANGS):
                problem(at, f"'{key}' in '{kind}' needs an 'sv' and an 'en' label: {{sv: ..., en: ...}}")
                continue
            vocabulary[kind][key] = {lang: texts[lang] for lang in LANGS}
    return vocabulary, problems
