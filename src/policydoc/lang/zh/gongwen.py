"""Language data for 公文 (GB/T 9704-2012; 党政机关公文处理工作条例, 2012).

Tables only. Extractors in :mod:`policydoc.extract` read them; ``tests/test_lang_tables.py``
checks their integrity (no duplicates, patterns compile, every 文种 reachable).
"""

#: The 15 文种 of Article 8 of the 2012 regulation, longest first where one contains another.
DOC_TYPES = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
             "议案", "函", "纪要")
#: Names that end a title but belong to one of the 15 (复函 is a 函, 令 a 命令 …).
DOC_TYPE_ALIASES = {"复函": "函", "覆函": "函", "答复": "函", "令": "命令", "会议纪要": "纪要", "补充通知": "通知", "紧急通知": "通知",
                    "实施意见": "意见", "指导意见": "意见", "若干意见": "意见", "工作报告": "报告"}
#: Body types: rules and plans transmitted by a covering notice, or published on their own.
BODY_TYPES = ("制度", "办法", "规则", "规定", "细则", "方案", "规划", "纲要", "章程", "条例", "准则", "守则",
              "标准", "预案", "要点", "计划", "清单", "指南", "目录", "名单", "决议案", "议事规则", "工作规则",
              "措施", "举措")

#: Document words no organ name contains: a "name" holding one is a title or heading run into the name
#: ("…实施细则江西省吉安市人民政府办公室"). 规划, 计划, 标准 and 制度 are left out (规划局, 计划生育委员会).
NOT_IN_ORGAN_NAMES = ("办法", "细则", "条例", "章程", "纲要", "预案", "通知", "决定", "公告", "通告", "通报", "批复",
                      "请示", "纪要", "意见")

#: Heading levels of the body (GB/T 9704 §7.3.3) and of rules (章/节/条), as regexes on a line start.
#: Order matters: the first level is the outermost.
HEADING_LEVELS = (
    ("chapter", r"第[一二三四五六七八九十百零〇]+章"),
    ("section", r"第[一二三四五六七八九十百零〇]+节"),
    ("article", r"第[一二三四五六七八九十百零〇]+条"),
    ("h1", r"[一二三四五六七八九十]{1,3}[、，,．.]"),
    ("h2", r"[（(][一二三四五六七八九十]{1,3}[)）]"),
    ("h3", r"\d{1,2}[．.、](?!\d)"),
    ("h4", r"[（(]\d{1,2}[)）]"),
)

#: Brackets that people type for 〔〕 in a document number.
NUMBER_BRACKETS = {"〔": "〕", "[": "]", "［": "］", "(": ")", "（": "）", "【": "】", "〖": "〗", "｛": "｝", "{": "}"}

#: Endings of organisation names: used to tell a signature line from a sentence.
ORG_SUFFIXES = ("人民政府", "政府", "办公厅", "办公室", "委员会", "人民代表大会常务委员会", "常委会", "总工会", "工会",
                "联合会", "厅", "局", "部", "委", "署", "院", "办", "会", "室", "处", "中心", "所", "站", "队",
                "集团", "公司", "学校", "大学", "军区", "党组", "协会", "机关", "领导小组", "工作小组", "指挥部",
                "联席会议", "银行", "分行", "支行")

#: Words that open a 主送 line ("各省、自治区…", "各基层工会").
RECIPIENT_OPENERS = ("各", "省", "市", "县", "区", "国务院", "中央", "全国")

#: 密级 and 紧急程度 (GB/T 9704 §7.2.2–7.2.3).
SECRECY_LEVELS = ("绝密", "机密", "秘密")
URGENCY_LEVELS = ("特急", "加急", "特提", "平急")

#: Well-known 机关代字 → 发文机关. Used to confirm an issuer, never alone to invent one.
AGENCY_CODES = {
    "国发": "国务院", "国函": "国务院", "国令": "国务院", "国办发": "国务院办公厅", "国办函": "国务院办公厅",
    "国办发明电": "国务院办公厅", "中发": "中共中央", "中办发": "中共中央办公厅", "厅字": "中共中央办公厅",
    "人社部发": "人力资源社会保障部", "人社部函": "人力资源社会保障部", "人社厅发": "人力资源社会保障部办公厅",
    "财社": "财政部", "财办": "财政部办公厅", "教职成": "教育部", "发改办财金规": "国家发展改革委办公厅",
    "发改": "国家发展改革委", "总工发": "中华全国总工会", "总工办发": "中华全国总工会办公厅",
    "工发": "中华全国总工会",
    # replies to NPC deputies' suggestions (建字) and CPPCC proposals (提字), rules (规): the ministry signs them
    "人社建字": "人力资源社会保障部", "人社提字": "人力资源社会保障部", "人社部规": "人力资源社会保障部",
    "人社厅函": "人力资源社会保障部办公厅",
}

#: 机关代字 of provincial governments: the province's one-character name + 政 (or 府 where the province uses it)
#: + 办 for the 办公厅: "豫政办〔2008〕38号" → 河南省人民政府办公厅, "粤府〔2020〕1号" → 广东省人民政府. Left out where a
#: city shares the code: 青政 (青岛), 宁政 (南京), 苏府 (苏州).
PROVINCE_CODES = {
    "京": ("北京市", "政"), "津": ("天津市", "政"), "沪": ("上海市", "府"), "渝": ("重庆市", "府"),
    "冀": ("河北省", "政"), "晋": ("山西省", "政"), "蒙": ("内蒙古自治区", "政"), "辽": ("辽宁省", "政"),
    "吉": ("吉林省", "政"), "黑": ("黑龙江省", "政"), "苏": ("江苏省", "政"), "浙": ("浙江省", "政"),
    "皖": ("安徽省", "政"), "闽": ("福建省", "政"), "赣": ("江西省", "府"), "鲁": ("山东省", "政"),
    "豫": ("河南省", "政"), "鄂": ("湖北省", "政"), "湘": ("湖南省", "政"), "粤": ("广东省", "府"),
    "桂": ("广西壮族自治区", "政"), "琼": ("海南省", "府"), "川": ("四川省", "府"), "黔": ("贵州省", "府"),
    "云": ("云南省", "政"), "藏": ("西藏自治区", "政"), "陕": ("陕西省", "政"), "甘": ("甘肃省", "政"),
    "新": ("新疆维吾尔自治区", "政"),
}

#: Orders (命令, 令): "中华人民共和国国务院令" over "第707号". Known order codes by issuer.
ORDER_CODES = {"国务院": "国令"}

#: Persons addressed as 主送 in replies to deputies ("王超斌委员", "周桂英等代表", "马万祺副主席").
PERSON_TITLES = ("委员", "代表", "主席", "副主席", "同志", "先生", "女士", "院士", "教授")

#: Steps of a law's history as the 国家法律法规数据库 prints them under the title, one dated line each
#: ("2014年1月15日 山东省…会议通过", "…国务院令第708号公布", "…第一次修正", "2009年8月1日 施行").
HISTORY_VERBS = ("通过", "批准", "公布", "发布", "修正", "修订", "修改", "施行")

#: Closing formulas that end a 正文 on a line of their own ("特此通知。", "此复"); a notice whose breaks were
#: lost is cut after them when no 。 follows ("…特此通告平潭县人民政府").
CLOSING_FORMULAS = ("特此通知", "特此通告", "特此公告", "特此批复", "特此报告", "特此函告", "特此函复", "特此函达",
                    "特此决定", "特此请示", "特此通报", "此复", "此令")

#: 公开属性 marks that government sites print above the 发文字号 ("主动公开", "依申请公开").
DISCLOSURE_MARKS = ("主动公开", "依申请公开", "不予公开", "免予公开")

#: Titles of the person who signs an order or a 批复 in place of the organ ("省长", "市长"): the 成文日期
#: follows them ("省长 二○一○年十二月二十五日").
SIGNATORY_TITLES = ("省长", "市长", "州长", "县长", "区长", "旗长", "盟长", "乡长", "镇长", "主席", "总理", "部长",
                    "局长", "主任", "署长", "行长")

#: Labels that open 版记 lines and notes.
CC_LABELS = ("抄送", "抄报", "分送", "发送")
ATTACHMENT_LABEL = "附件"
SIGNER_LABEL = "签发人"
