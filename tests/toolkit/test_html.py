"""The HTML report: self-contained, and it renders in a real headless browser."""

import re
import subprocess

from _ci import unavailable
from lazyboot.bench import export_html, importtime

from ._helpers import DATA, chromium

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sample_page():
    roots, _ = importtime.parse((DATA / "importtime-py313.txt").read_text())
    tree = [r.to_dict() for r in importtime.heaviest(roots)]
    # A hostile module name must not end the data block early.
    tree.append({"name": "evil</script><b>x", "self_us": 10, "cumulative_us": 10, "cached": False,
                 "children": [], "lazy": "deferred"})
    trees = [{"label": "eager", "roots": tree}, {"label": "lazy", "roots": tree[:3]},
             {"label": "native 'all'", "roots": tree[:2], "note": "PYTHON_LAZY_IMPORTS=all"}]
    results = [
        {"side": "eager", "median": 0.8, "mean": 0.81, "stddev": 0.02, "min": 0.78, "max": 0.85,
         "user": 0.6, "system": 0.1, "times": [0.8] * 5, "memory_peak_bytes": 200 << 20, "modules": 900},
        {"side": "lazy", "median": 0.2, "mean": 0.21, "stddev": 0.01, "min": 0.19, "max": 0.23,
         "user": 0.15, "system": 0.04, "times": [0.2] * 5, "memory_peak_bytes": 40 << 20, "modules": 120},
        {"side": "native", "median": 0.1, "mean": 0.11, "stddev": 0.01, "min": 0.09, "max": 0.12,
         "user": 0.08, "system": 0.02, "times": [0.1] * 5, "memory_peak_bytes": 30 << 20, "modules": 100},
    ]
    native = {"exit_codes": [0], "same_exit_status": True, "same_output": True, "lazyboot_installed": False,
              "ratios": [8.0] * 5, "ratio_median": 8.0, "ratio_stddev": 0.0, "ratio_min": 8.0, "ratio_max": 8.0,
              "lazy_ratios": [0.5] * 5, "lazy_ratio_median": 0.5, "lazy_ratio_stddev": 0.0,
              "lazy_ratio_min": 0.5, "lazy_ratio_max": 0.5}
    comparison = {"ratios": [4.0] * 5, "ratio_median": 4.0, "ratio_stddev": 0.1, "ratio_min": 3.8,
                  "ratio_max": 4.2, "native": native}
    page = export_html.render(title="lazyboot <test>", trees=trees, results=results, comparison=comparison)
    return page, export_html.expected_nodes(trees), len(results) * 3


def test_page_is_self_contained():
    """No external scripts, styles, images or fonts: nothing is fetched."""
    page, _, _ = sample_page()
    assert "<link" not in page and "src=" not in page and "@import" not in page
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}  # an XML namespace name, never fetched
    assert page.count("</script>") == 2  # the data block and the code; the hostile name is escaped
    assert "lazyboot &lt;test&gt;" in page


def run_chromium(browser, tmp_path, *args):
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    return subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_renders_in_headless_chromium(tmp_path):
    """Chromium runs the page's script: one rect per import, three bars per result, a screenshot."""
    if chromium() is None:
        unavailable("chromium is not installed (apt-get install chromium)")
    page, nodes, bars = sample_page()
    html = tmp_path / "report.html"
    html.write_text(page)
    dom = run_chromium(chromium(), tmp_path, "--dump-dom", html.as_uri()).stdout
    assert 'data-rendered="1"' in dom, "the page's script did not finish"
    assert dom.count('class="icicle-node"') == nodes
    assert dom.count('class="compare-bar"') == bars
    assert dom.count('data-side="native"') == 3  # wall time, peak RSS, modules
    assert dom.count('class="icicle"') == 3
    assert "Eager vs lazy vs native 'all'" in dom
    assert "lazy ran 4.00× faster than eager" in dom
    assert "native 'all' ran 8.00× faster than eager" in dom
    assert "lazy ran 2.00× slower than native 'all'" in dom
    assert 'data-name="evil&lt;/script&gt;&lt;b&gt;x"' in dom
    shot = tmp_path / "report.png"
    run_chromium(chromium(), tmp_path, f"--screenshot={shot}", "--window-size=1200,900", html.as_uri())
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
