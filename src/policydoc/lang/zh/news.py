"""Marks of a news report (as opposed to a 公文): a newspaper or agency as the source, a dateline
(XX日报6月1日讯), a reporter. Read from the first lines only; a government site's "来源：XX市人民政府"
or "责任编辑" is not one (official pages carry both).
"""

#: One pattern a mark; any one in the first lines is evidence of a report.
NEWS_MARKS = (
    # 来源:《工人日报》, 来源：新华网 — a paper, agency or news site, not a government site
    r"来源\s*[:：]\s*《?[^》\s]{0,14}(?:日报|晚报|时报|商报|晨报|新闻网|新闻|报社|电视台|广播电台|客户端|[^政府]报)》?",
    # 来源:《工人日报》 even when the name is damaged: a source in 《》 is a publication, not an organ
    r"来源\s*[:：]\s*《",
    # a portal's dateline: date and clock time glued, then the source ("2024年05月27日09:00  来源:工人日报")
    r"\d{4}年\d{1,2}月\d{1,2}日\d{1,2}:\d{2}\s*来源\s*[:：]",
    # 黑龙江日报6月1日讯, 新华社北京5月1日电
    r"[\u4e00-\u9fff]{0,8}(?:日报|晚报|时报|晨报|报)\s*(?:\d{1,2}月\d{1,2}日)?\s*讯",
    r"(?:新华社|中新社)[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电",
    # a byline
    r"(?:^|\s|[（(])(?:本报)?(?:记者|通讯员)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}",
    # portals that republish reports
    r"新闻网\s*>>|人民网|新华网|中国工会新闻",
)
