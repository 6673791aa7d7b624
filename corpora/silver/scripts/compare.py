import sys, json, re, time, glob, os, traceback
import policydoc
mode = sys.argv[1]  # full | blind
src = '/tmp/silver' if mode=='full' else '/tmp/silver_blind'
sitemeta = {}
if mode=='blind':
    sitemeta = {r['id']: r['site'] for r in map(json.loads, open('/tmp/results_full.jsonl'))}
WS = re.compile(r'[\s\u3000\xa0]+')
def n_num(s):
    if not s: return None
    s = WS.sub('', s)
    s = re.sub(r'[\[［(（【]', '〔', s); s = re.sub(r'[\]］)）】]', '〕', s)
    return s
def n_title(s):
    if not s: return None
    return WS.sub('', s)
def n_date(s):
    if not s: return None
    m = re.search(r'(\d{4})\D+(\d{1,2})\D+(\d{1,2})', s)
    return f'{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}' if m else s
def n_iss(x):
    if not x: return None
    if isinstance(x, str): x = [x]
    out = set()
    for s in x:
        for p in re.split(r'[、\s\u3000\xa0，,]+', s):
            if p: out.add(p)
    return sorted(out) or None
FIELDS = {'发文字号': ('doc_number', n_num), '发文机关': ('issuers', n_iss), '成文日期': ('date', n_date), '标题': ('title', n_title)}
out = open(f'/tmp/results_{mode}.jsonl', 'w')
t_all = time.perf_counter()
for f in sorted(glob.glob(src + '/*.html')):
    fid = os.path.basename(f)[:-5]
    t0 = time.perf_counter()
    try:
        doc = policydoc.parse(f); rec = doc.record(); err = None
    except Exception as e:
        doc = None; rec = {}; err = traceback.format_exc()
    dt = time.perf_counter() - t0
    site = doc.site_metadata if (doc is not None and mode=='full') else sitemeta.get(fid, {})
    row = {'id': fid, 'secs': round(dt, 3), 'error': err, 'site': site, 'status': rec.get('status'), 'warnings': rec.get('warnings'), 'cmp': {}}
    for sk, (rk, fn) in FIELDS.items():
        ev = rec.get(rk) if rk != 'issuers' else (rec.get('issuers') or rec.get('issuer'))
        rule = doc.fields[rk].rule if doc is not None and rk in doc.fields else None
        e, s = fn(ev), fn(site.get(sk))
        row['cmp'][sk] = {'ext': e, 'site': s, 'raw_ext': ev, 'rule': rule, 'agree': e == s}
    row['rec'] = {k: rec.get(k) for k in ('doc_number', 'issuer', 'issuers', 'title', 'date', 'recipients', 'doc_type')}
    out.write(json.dumps(row, ensure_ascii=False) + '\n')
tot = time.perf_counter() - t_all
print(mode, 'docs', len(glob.glob(src + '/*.html')), 'secs', round(tot, 2))
