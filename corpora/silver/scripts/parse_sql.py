import re, json, hashlib, glob, os, subprocess
GIT='/work/.mirror/ZhouYNF+platform-1/repo'
def parse_values(s, i):
    """parse a (...) tuple starting at s[i]=='(' ; return list, end index"""
    assert s[i]=='('
    i+=1; vals=[]
    while True:
        while s[i] in ' \n\r\t': i+=1
        if s[i]=="'":
            i+=1; buf=[]
            while True:
                c=s[i]
                if c=='\\':
                    n=s[i+1]; buf.append({'n':'\n','t':'\t','r':'\r','0':'\0'}.get(n,n)); i+=2; continue
                if c=="'":
                    if s[i+1]=="'": buf.append("'"); i+=2; continue
                    i+=1; break
                buf.append(c); i+=1
            vals.append(''.join(buf))
        else:
            m=re.match(r'[^,)]*', s[i:]); tok=m.group(0).strip(); i+=len(m.group(0))
            vals.append(None if tok.lower()=='null' else tok)
        while s[i] in ' \n\r\t': i+=1
        if s[i]==',': i+=1; continue
        if s[i]==')': return vals, i+1
        raise ValueError(s[i:i+50])
rows=[]
for fn in ['db/ge_policy_raw20190217.sql','db/ge_policy_raw-20190217.sql']:
    s=subprocess.run(['git','--git-dir',GIT,'show','HEAD:'+fn],capture_output=True).stdout.decode('utf-8')
    for m in re.finditer(r'(?i)insert into (\w+) \(([^)]*)\) values ', s):
        cols=[c.strip() for c in m.group(2).split(',')]
        vals,_=parse_values(s, m.end())
        assert len(vals)==len(cols),(len(vals),len(cols))
        d=dict(zip(cols,vals)); d['_src']=fn; rows.append(d)
print(len(rows))
existing={}
for f in glob.glob('/work/shared/corpus/docs/0*.html'):
    existing[open(f,encoding='utf-8').read().strip()]=os.path.basename(f)
def norm(x): return re.sub(r'\s+','',x)
existn={norm(k):v for k,v in existing.items()}
seen=set(); meta=[]; n=0
for d in rows:
    h=d['html'] or ''
    key=norm(h)
    if key in existn: print('skip dup of',existn[key], d['id'], d['_src']); continue
    if key in seen: print('skip internal dup', d['id'], d['_src']); continue
    # also skip by URL match against existing
    seen.add(key); n+=1
    fid=f'{n:04d}'
    open(f'/tmp/silver/{fid}.html','w',encoding='utf-8').write(h)
    meta.append({'id':fid,'src':d['_src'],'row':d['id'],'url':d['crawl_url'],'title':d['title'],'release_office':d['release_office'],'release_number':d['release_number']})
json.dump(meta,open('/tmp/silver/meta.json','w'),ensure_ascii=False,indent=0)
print('written',n)
