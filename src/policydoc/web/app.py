"""Routes of the web page (Flask). Each one calls the library and renders a template."""
from __future__ import annotations

import os
import queue

from flask import Flask, abort, g, jsonify, render_template, request, send_file

from ..index import Index, IndexFileError
from . import charts, views


def build_app(db, *, page_size: int = 10, title: str = "政策文件检索") -> Flask:
    db = os.fspath(db)
    Index(db, create=False).close()  # fail now, with the index error, not on the first request
    app = Flask(__name__)
    app.config.update(POLICYDOC_DB=db, PAGE_SIZE=page_size, SITE_TITLE=title, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    pool: queue.LifoQueue = queue.LifoQueue()  # open Index objects, one per concurrent request

    def index() -> Index:
        """The request's Index: taken from the pool (or opened) on first use, returned after the
        request. The server starts a thread per request, so a per-thread Index would leak."""
        if "index" not in g:
            try:
                g.index = pool.get_nowait()
            except queue.Empty:
                g.index = Index(db, create=False, markers=views.MARK, threads=True)
        return g.index

    @app.teardown_request
    def release(_exc):
        idx = g.pop("index", None)
        if idx is not None:
            if pool.qsize() < 8:
                pool.put(idx)
            else:
                idx.close()

    def params() -> dict[str, list[str]]:
        return {k: [v for v in request.args.getlist(k) if v] for k in request.args}

    def run_search():
        p = params()
        try:
            page = max(1, min(int(request.args.get("page", "1")), 10_000))
        except ValueError:
            page = 1
        q = request.args.get("q", "")
        try:
            res = index().search(q, **views.search_args(request.args), limit=page_size, offset=(page - 1) * page_size,
                                 group=request.args.get("copies") != "all")
        except ValueError as exc:
            abort(400, str(exc))
        return res, p, page

    @app.context_processor
    def globals_():
        return {"site_title": title, "source_name": views.source_name, "marked": views.marked}

    @app.get("/")
    def search_page():
        res, p, page = run_search()
        pages = max(1, -(-res.total // page_size))
        return render_template("search.html", res=res, q=request.args.get("q", ""), page=page, pages=pages,
                               facets=views.facet_groups(res, p), active=views.active_filters(p),
                               notices=[views.notice_links(n, p) for n in res.notices],
                               page_url=lambda n: views.url("/", p, page=n), offset=(page - 1) * page_size)

    @app.get("/doc/<int:doc_id>")
    def document_page(doc_id: int):
        doc = index().document(doc_id)
        if doc is None:
            abort(404)
        span = views.parse_span(request.args.get("hl"))
        return render_template("doc.html", doc=doc, view=views.document_view(doc), span=span,
                               text=views.highlighted_text(doc["text"], span), back=request.args.get("back"))

    @app.get("/file/<int:doc_id>")
    def original_file(doc_id: int):
        """The file the document was read from — only a path the index holds, by its row id."""
        doc = index().document(doc_id)
        if doc is None or not os.path.isfile(doc["source"]):
            abort(404)
        return send_file(doc["source"], as_attachment=False, download_name=os.path.basename(doc["source"]))

    @app.get("/overview")
    def overview_page():
        idx = index()
        return render_template("overview.html", stats=idx.stats(),
                               by_topic=charts.stacked_years(idx.year_counts("topic"), "每年文件数 · 按主题",
                                                             link=lambda t: views.url("/", {}, topic=t)),
                               by_region=charts.stacked_years(idx.year_counts("region"), "每年文件数 · 按地区（省）",
                                                              link=lambda r: None if r == "未标注"
                                                              else views.url("/", {}, region=r)))

    @app.get("/api/search")
    def api_search():
        res, _p, page = run_search()
        d = res.to_dict()
        for h in d["hits"]:
            h["snippet"] = (h["snippet"] or "").replace(views.MARK[0], "【").replace(views.MARK[1], "】") or None
        d.update(page=page, page_size=page_size)
        return jsonify(d)

    @app.get("/api/doc/<int:doc_id>")
    def api_doc(doc_id: int):
        doc = index().document(doc_id)
        if doc is None:
            return jsonify({"error": f"no document {doc_id}"}), 404
        return jsonify(doc)

    @app.errorhandler(IndexFileError)
    def index_error(exc):
        return render_template("error.html", message=str(exc)), 500

    return app
