"""HTML export: no code, no prompts, offline, escaped, written whole."""

import re
import types

import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dxkit.reports.export import export_html, page, report_body
from dxkit.reports.present import Link, figure, heading, join, notice, paragraphs, section, table, title_block

XSS = "<script>alert(1)</script>"


def _executed_notebook():
    code = new_code_cell(
        "secret_source_code = 1\nprint('warn', file=sys.stderr)",
        execution_count=1,
        outputs=[
            new_output("stream", name="stderr", text="FutureWarning: noisy\n"),
            new_output("display_data", data={"text/html": heading(XSS).data}),
            new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
        ],
    )
    note = new_markdown_cell("How to use this notebook (analysts only)")
    note.metadata["tags"] = ["notebook-only"]
    return new_notebook(cells=[note, code])


def test_report_body_has_outputs_only():
    body = report_body(_executed_notebook())
    assert "secret_source_code" not in body
    assert "FutureWarning" not in body
    assert "analysts only" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and XSS not in body
    assert "In&nbsp;[" not in body and "Out[" not in body and "Out&nbsp;[" not in body


def test_page_is_offline_vietnamese_and_escapes_its_title(tmp_path):
    html = page(f"Báo cáo {XSS} 2024", "<p>x</p>", "vi")
    assert '<html lang="vi">' in html
    assert "<title>Báo cáo &lt;script&gt;alert(1)&lt;/script&gt; 2024</title>" in html
    assert 'name="viewport"' in html
    assert not re.search(r"<(script|link)\b", html)
    assert "http://" not in html and "https://" not in html


def test_export_writes_atomically_and_overwrites(tmp_path):
    target = tmp_path / "r" / "report.html"
    target.parent.mkdir()
    target.write_text("old")
    export_html(_executed_notebook(), target, "Chư Prông 2024")
    assert "<title>Chư Prông 2024</title>" in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_building_blocks_escape_every_text():
    df = pd.DataFrame({"name": [XSS], "points": [85.5], "year": [2024], "missing": [None]})
    html = table(
        df, {"name": f"Tên {XSS}", "points": "Điểm", "year": "Năm", "missing": "?"}, "vi", numeric=["points"]
    ).data
    narrative = types.SimpleNamespace(title=XSS, paragraphs=[XSS])
    for block in (
        html,
        paragraphs([XSS]).data,
        notice(XSS).data,
        title_block(XSS, XSS, XSS).data,
        section(narrative).data,
        table(pd.DataFrame({"l": [Link(XSS, f'x"><{XSS}')]})).data,
    ):
        assert "<script>" not in block
    assert "class=num>85,5<" in html and ">2024<" in html and ">—<" in html
    assert 'data-label="Tên &lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_figure_is_embedded_svg_with_its_title_as_alt_text():
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().plot([1, 2])
    fig.suptitle(f"Hạ tầng số {XSS}")
    html = figure(fig).data
    assert html.count('src="data:image/svg+xml;base64,') == 1
    assert 'alt="Hạ tầng số &lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_report_body_shows_every_kind_of_output_and_escapes_text():
    code = new_code_cell(
        "x",
        outputs=[
            new_output("stream", name="stdout", text=["dòng 1 <b>\n", "dòng 2\n"]),
            new_output("execute_result", data={"text/plain": "<Figure>", "image/png": "iVBORw0K\n"}),
            new_output("display_data", data={"text/plain": XSS}),
            new_output("display_data", data={"text/markdown": "**đậm**"}),
            new_output("error", ename="ValueError", evalue="x", traceback=["\x1b[0;31mValueError\x1b[0m: <x>"]),
        ],
    )
    md = new_markdown_cell("## Phần *một*")
    body = report_body(new_notebook(cells=[md, code]), "vi")
    assert "<h2>Phần <em>một</em></h2>" in body
    assert '<pre class="output_text">dòng 1 &lt;b&gt;\ndòng 2\n</pre>' in body
    assert '<img src="data:image/png;base64,iVBORw0K" alt="Hình không có mô tả">' in body
    assert "&lt;Figure&gt;" not in body  # the image is the richer form of that result
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and XSS not in body
    assert "<strong>đậm</strong>" in body
    assert "ValueError: &lt;x&gt;" in body and "\x1b" not in body
    assert 'alt="An image without a description"' in report_body(new_notebook(cells=[code]), "en")


def test_report_body_shows_raw_html_and_markdown_cells_only():
    from nbformat.v4 import new_raw_cell

    html, md, latex = new_raw_cell("<p>thô</p>"), new_raw_cell("*x*"), new_raw_cell(r"\section{x}")
    html.metadata["raw_mimetype"] = "text/html"
    md.metadata["raw_mimetype"] = "text/markdown"
    latex.metadata["raw_mimetype"] = "text/latex"
    body = report_body(new_notebook(cells=[html, md, latex]))
    assert "<p>thô</p>" in body and "<em>x</em>" in body and "section" not in body
    assert body.count('<div class="cell"') == 2  # a cell that shows nothing leaves no trace


def test_terminal_colours_and_links_leave_no_escape_bytes():
    osc = "\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\"
    code = new_code_cell("x", outputs=[new_output("stream", name="stdout", text=f"\x1b[1;32mxong\x1b[0m {osc}\n")])
    body = report_body(new_notebook(cells=[code]))
    assert "xong link" in body and "\x1b" not in body and "example.org" not in body


def test_blocks_joined_show_as_one_output_in_order_and_stay_escaped():
    blocks = [heading(XSS), None, paragraphs(["a & b"]), table(pd.DataFrame({"x": [XSS]}), {"x": "X"}, "vi")]
    joined = join(blocks)
    assert joined.data == "".join(b.data for b in blocks if b is not None)
    assert joined.data.index("<h2>") < joined.data.index("<p>a &amp; b</p>") < joined.data.index("<table")
    assert XSS not in joined.data and join([]).data == ""
