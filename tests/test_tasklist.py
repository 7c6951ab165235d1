"""Checklist items label their own checkboxes."""

from kc.pages.tasklist import label_checkboxes


def test_simple_items_are_wrapped_in_a_label():
    item = '<input type="checkbox" disabled/> Avtalet är <a href="#c3">läst</a>.'
    html = f'<ul class="task-list">\n<li class="task-list-item">{item}</li>\n'
    html += '<li class="task-list-item"><input type="checkbox" disabled checked/> Klart</li>\n</ul>'
    out = label_checkboxes(html)
    assert f'<li class="task-list-item"><label>{item}</label></li>' in out
    assert '<label><input type="checkbox" disabled checked/> Klart</label></li>' in out


def test_items_with_block_content_and_other_lists_are_left_alone():
    # A <label> may only hold phrasing content, so a nested list keeps its item as it is.
    nested = '<li class="task-list-item"><input type="checkbox" disabled/> Steg<ul><li>a</li></ul></li>'
    plain = "<li>Inte en checklista</li>"
    assert label_checkboxes(nested) == nested
    assert label_checkboxes(plain) == plain
