"""Abbreviations and their full forms, for query expansion in the policy index.

Tables only; :mod:`policydoc.index` reads them. Each entry maps a short form to the full
forms that mean the same thing in government documents. A query term expands both ways,
but only along an entry: 劳模 → 劳动模范 and 劳动模范 → 劳模, 社保 → 社会保险 | 社会保障,
社会保险 → 社保 (never 社会保险 → 社会保障, which is wider).

Left out on purpose, because they are not the same thing:

- 总工会 ↔ 工会: a 总工会 is one kind of 工会. A search for 工会 already finds 总工会 (the
  index holds every word's two-character parts), and 总工会 → 工会 would widen the query.
- 困难职工 ↔ 困难群众: 困难群众 covers far more people than workers in hardship.
- 劳动争议 ↔ 劳动纠纷, 工资 ↔ 薪酬: near, not equal.
"""
from __future__ import annotations

#: short form → full forms (simplified script, no spaces).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # workers and unions
    "劳模": ("劳动模范",),
    "职代会": ("职工代表大会",),
    "全总": ("中华全国总工会",),
    "农民工": ("进城务工人员", "外来务工人员"),
    "欠薪": ("拖欠工资",),
    # social security and housing
    "社保": ("社会保险", "社会保障"),
    "医保": ("医疗保险", "医疗保障"),
    "公积金": ("住房公积金",),
    "公租房": ("公共租赁住房",),
    "廉租房": ("廉租住房",),
    "个税": ("个人所得税",),
    # bodies
    "人社部": ("人力资源社会保障部", "人力资源和社会保障部"),
    "人社厅": ("人力资源社会保障厅", "人力资源和社会保障厅"),
    "人社局": ("人力资源社会保障局", "人力资源和社会保障局"),
    "发改委": ("发展改革委", "发展和改革委员会"),
    "国资委": ("国有资产监督管理委员会",),
    "国办": ("国务院办公厅",),
    "人大": ("人民代表大会",),
    "政协": ("政治协商会议",),
    # sectors and programmes
    "国企": ("国有企业",),
    "央企": ("中央企业",),
    "民企": ("民营企业",),
    "职教": ("职业教育",),
    "高校": ("高等学校", "高等院校"),
    "双创": ("大众创业万众创新",),
    "安监": ("安全生产监督管理",),
}
