"""The web page (policydoc.web) through Flask's test client, on real documents."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("flask", reason='the web page needs the [web] extra: pip install "policydoc[web]"')

from policydoc.web import create_app  # noqa: E402

from .web_fixtures import SEED_003, SHARED, build_index  # noqa: E402

if not SHARED.is_dir():
    pytest.skip("../shared (the development corpus) is not here", allow_module_level=True)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "policies.db"
    build_index(db)
    app = create_app(db)
    app.testing = True
    return app.test_client()


def doc_id(client, **params) -> int:
    data = client.get("/api/search", query_string=params).get_json()
    return data["hits"][0]["id"]


def test_search_page_with_query_in_url(client):
    html = client.get("/", query_string={"q": "联席会议"}).get_data(as_text=True)
    assert re.search(r'<b id="total">(\d+)</b>', html)[1] == "7"  # 14 files, 7 documents
    assert "<mark>联席会议</mark>" in html
    assert 'value="联席会议"' in html  # the query stays in the box
    # facets with counts, each a link that adds the filter to the URL
    assert re.search(r'<a href="/\?q=%E8%81%94%E5%B8%AD%E4%BC%9A%E8%AE%AE&amp;region=[^"]+" class="">广西壮族自治区</a>',
                     html)


def test_facet_link_filters_and_region_narrows(client):
    html = client.get("/", query_string={"q": "工会", "region": "广西壮族自治区"}).get_data(as_text=True)
    assert 'data-facet="region"' in html and "地区（市）" in html and "柳州市" in html
    html = client.get("/", query_string={"q": "工会", "region": ["广西壮族自治区", "柳州市"]}).get_data(as_text=True)
    assert "地区（县区）" in html and "柳北区" in html


def test_paging(client):
    one = client.get("/api/search", query_string={"q": "工作", "page": 1}).get_json()
    two = client.get("/api/search", query_string={"q": "工作", "page": 2}).get_json()
    assert one["total"] > 10 and len(one["hits"]) == 10
    assert not {h["id"] for h in one["hits"]} & {h["id"] for h in two["hits"]}
    html = client.get("/", query_string={"q": "工作"}).get_data(as_text=True)
    assert 'rel="next"' in html and "page=2" in html


def test_unknown_region_is_explained(client):
    html = client.get("/", query_string={"region": "火星"}).get_data(as_text=True)
    assert "地区“火星”：索引中没有这样的文件。" in html


def test_document_page_fields_spans_and_joint_meeting(client):
    i = doc_id(client, number="柳北政发〔2025〕2号")
    html = client.get(f"/doc/{i}").get_data(as_text=True)
    assert "柳北政发〔2025〕2号" in html and "职责分工" in html and "区总工会" in html
    m = re.search(r'data-field="doc_number">\s*<th>发文字号</th>\s*<td><a href="\?hl=(\d+)-(\d+)#hl">', html)
    assert m
    html = client.get(f"/doc/{i}?hl={m[1]}-{m[2]}").get_data(as_text=True)
    assert re.search(r'<mark id="hl" class="hl">([^<]*)</mark>', html)[1] == "柳北政发〔2025〕2号"
    assert "/file/" in html and "副本" in html  # the original file and the copies


def test_original_file_is_served_by_id_only(client):
    i = doc_id(client, number="柳北政发〔2025〕2号")
    rows = [client.get(f"/api/doc/{i}").get_json()]
    rows += [client.get(f"/api/doc/{c['id']}").get_json() for c in rows[0]["copies"]]
    txt = next(r for r in rows if r["source"].endswith(SEED_003.name))
    assert client.get(f"/file/{txt['id']}").data == SEED_003.read_bytes()
    assert client.get("/file/999999").status_code == 404
    assert client.get("/file/../../etc/passwd").status_code == 404


def test_cites_and_cited_by(client):
    citing = doc_id(client, q="贯彻落实国家职业教育改革实施方案")
    doc = client.get(f"/api/doc/{citing}").get_json()
    target = doc["cites"][0]["id"]
    assert target and "国家职业教育改革实施方案" in client.get(f"/api/doc/{target}").get_json()["title"]
    html = client.get(f"/doc/{target}").get_data(as_text=True)
    assert "被以下文件引用" in html and f'href="/doc/{citing}"' in html


def test_overview_charts(client):
    html = client.get("/overview").get_data(as_text=True)
    assert html.count("<svg") == 2 and "每年文件数 · 按主题" in html
    assert re.search(r'<a href="/\?region=[^"]+"><rect', html)


def test_json_api(client):
    data = client.get("/api/search", query_string={"q": "劳模", "region": "广西"}).get_json()
    assert data["total"] == 1 and "【劳动模范】" in data["hits"][0]["snippet"]
    assert {"value": "广西壮族自治区", "count": 1} in data["facets"]["province"]
    assert client.get("/api/doc/999999").status_code == 404
    assert client.get("/api/search", query_string={"year": "abc"}).status_code == 400


def test_unknown_type_offers_near_values_as_links(client):
    html = client.get("/", query_string={"q": "工会", "type": "通告"}).get_data(as_text=True)
    assert "文种“通告”：索引中没有这样的文件。相近的有：" in html
    link = re.search(r'相近的有：<a href="([^"]+)">通知</a>', html)[1].replace("&amp;", "&")
    assert client.get(link).status_code == 200 and "type=%E9%80%9A%E5%91%8A" not in link
    data = client.get("/api" + link.replace("/?", "/search?")).get_json()
    assert data["total"] > 0 and data["notices"] == []


def test_news_page_links_headline_to_its_line(client):
    i = doc_id(client, region="西藏")
    html = client.get(f"/doc/{i}").get_data(as_text=True)
    m = re.search(r'data-field="title">\s*<th>标题</th>\s*<td><a href="\?hl=(\d+)-(\d+)#hl">', html)
    html = client.get(f"/doc/{i}?hl={m[1]}-{m[2]}").get_data(as_text=True)
    assert re.search(r'<mark id="hl" class="hl">([^<]*)</mark>', html)[1] == "西藏自治区推动政府与工会联席会议制度全域覆盖"
    assert "报道日期" in html and "2024-05-27" in html
