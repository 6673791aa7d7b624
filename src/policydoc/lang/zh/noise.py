"""Language data: what noise looks like in scraped and printed Chinese documents.

Tables only; the code that applies them lives in :mod:`policydoc.normalize`.
Each entry is tested for integrity in ``tests/test_lang_tables.py``.
"""

#: Page-number lines of printed 公文 and office PDFs ("— 1 —", "-1-", "第1页", "第 2 页 共 5 页", "1/5").
PAGE_NUMBER_PATTERNS = [
    r"[—－\-–―一‐‑_]{1,3}\s*\d{1,4}\s*[—－\-–―一‐‑_]{1,3}",
    r"第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?",
    r"\d{1,4}\s*/\s*\d{1,4}",
    r"[Pp]age\s*\d{1,4}(\s*of\s*\d{1,4})?",
    r"\d{1,3}",
]

#: Lines that are website chrome, not document text. Matched against a whole stripped line.
CHROME_LINE_PATTERNS = [
    r"网站支持IPv6", r"欢迎(访问|来到).{0,40}(网站|门户)[!！]?",
    r"(当前位置|您当前的位置|您的位置|当前所在位置)[:：].*",
    r"首页\s*[>＞»›].*", r".{1,30}(>>|＞＞|»).{1,30}",
    r"(主办单位|承办单位|主办|承办|协办单位|网站标识码|技术支持|网站技术维护电话|联系电话|联系我们|地址|邮编|"
    r"版权所有|Copyright|COPYRIGHT|政府网站标识码|网站地图|投诉举报电话)[:：\s©].*",
    r".{0,20}ICP备\s*\d+号.*", r".{0,20}公网安备\s*\d+号.*",
    r"[×xX✕]", r"(文字解读|图片解读|视频解读|相关解读|相关链接|文件下载|附件下载)[:：]?",
    r"扫一扫在手机(上)?打开当前页",
    # a page's own address printed as a line ("Original URL: http://…", "本文链接://www.…/57226.html")
    r"(?:Original URL|原文链接|原文地址|原文网址|本文链接|文章链接|链接地址)\s*[:：]\s*[\x21-\x7e]*",
    # what is left of an HTML tag when a copy was cut inside it ("/p>", "<br/>", "</div>")
    r"<?/?(?:p|br|div|span|td|tr|li|strong|b)\s*/?>", r"【?(打印|关闭|打印本页|关闭窗口|收藏|分享到|返回顶部)】?(\s*【?(打印|关闭|打印本页|关闭窗口|收藏)】?)*",
    r"字号?[:：]\s*(大|中|小|【大】|【中】|【小】).*", r"【字体[:：].*", r"分享到[:：]?.*",
    r"[（(]责编[:：].*", r"[（(]编辑[:：].*[)）]?", r"责任编辑[:：].*",
    r"(来源|信息来源|文章来源)[:：]\s*\S{1,40}\s*[|｜]\s*(发布日期|发布时间|时间)[:：].*",
    r"(浏览次数|访问量|阅读次数)[:：]?\s*\d*.*", r"上一篇[:：].*", r"下一篇[:：].*",
    r"(政府文件|政策文件|信息公开|政务公开|通知公告)",
    # a site's account and view switches, one or several to a line ("登录 注册", "• 无障碍浏览", "长者模式")
    r"(?:[•·|｜/]\s*)?(?:登录|注册|退出|微博|微信|微信公众号|手机版|客户端|English|无障碍|无障碍浏览|长者模式|适老化|"
    r"简体|繁体|简体版|繁体版|蒙古文版|RSS|高级搜索|智能问答)"
    r"(?:\s*[•·|｜/]?\s*(?:登录|注册|退出|微博|微信|微信公众号|手机版|客户端|English|无障碍|无障碍浏览|长者模式|"
    r"适老化|简体|繁体|简体版|繁体版|蒙古文版|RSS|高级搜索|智能问答))*",
]

#: The site metadata labels that appear as text lines in saved pages (label then value).
SITE_METADATA_LINE_LABELS = {
    "索引号": "索引号", "主题分类": "主题分类", "发文单位": "发文机关", "发文机关": "发文机关",
    "发布机构": "发布机构", "成文日期": "成文日期", "标题": "标题", "发文字号": "发文字号", "文号": "发文字号",
    "发布日期": "发布日期", "效力状态": "效力状态", "主题词": "主题词", "生效日期": "生效日期",
    "废止日期": "废止日期", "公开方式": "公开方式", "有效性": "效力状态",
    # labels of other sites' metadata blocks and article headers (seen on county sites and law databases)
    "组配分类": "主题分类", "信息分类": "主题分类", "生成日期": "发布日期", "发文日期": "成文日期",
    "生效时间": "生效日期", "废止时间": "废止日期", "名称": "标题", "信息来源": "发布机构", "关键词": "主题词",
    "浏览次数": "浏览次数", "内容概述": "内容概述", "作者": "作者", "时间": "发布日期", "浏览": "浏览次数",
    "来源": "发布机构", "发布时间": "发布日期", "栏目": "栏目", "信息索引号": "索引号", "发布文号": "发文字号",
    "发文单位": "发文机关", "实施日期": "生效日期", "效力级别": "效力级别", "时效性": "效力状态",
    "施行日期": "生效日期", "公布日期": "发布日期", "所属类别": "主题分类", "发布单位": "发布机构",
    # law-database copies (颁布部门 / 法律效力 blocks above the text): metadata, not 主送 or body
    "颁布部门": "发文机关", "颁布日期": "发布日期", "法律效力": "效力级别", "制定机关": "发文机关",
}

#: Suffixes of place names in spam lists ("扶风县| 孝感市| 梅河口市| …").
PLACE_SUFFIXES = ("省", "市", "县", "区", "旗", "州", "盟", "镇", "乡", "岛", "特区")

#: Pinyin finals with tone marks; an annotation with one of these is pinyin, not an abbreviation.
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

#: Valid pinyin syllables (without tone) — initials × finals. A parenthesised Latin word after a
#: Han character is treated as a pinyin annotation only if it is one of these syllables.
PINYIN_INITIALS = ("", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                   "zh", "ch", "sh", "r", "z", "c", "s", "y", "w")
PINYIN_FINALS = ("a", "o", "e", "i", "u", "v", "ai", "ei", "ui", "ao", "ou", "iu", "ie", "ve", "ue", "er",
                 "an", "en", "in", "un", "vn", "ang", "eng", "ing", "ong", "ia", "iao", "ian", "iang",
                 "iong", "ua", "uo", "uai", "uan", "uang", "van", "ueng", "r", "n", "ng", "m")
