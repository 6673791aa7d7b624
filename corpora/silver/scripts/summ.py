import json,sys,collections
for mode in ['full','blind']:
    rows=[json.loads(l) for l in open(f'/tmp/results_{mode}.jsonl')]
    print('==',mode, 'errors',[r['id'] for r in rows if r['error']], 'slow',[ (r['id'],r['secs']) for r in rows if r['secs']>0.5])
    for k in ['发文字号','发文机关','成文日期','标题']:
        c=collections.Counter(); rules=collections.Counter()
        for r in rows:
            x=r['cmp'][k]; rules[x['rule']]+=1
            c['agree' if x['agree'] else ('ext_none' if x['ext'] is None else 'disagree')]+=1
        print(k,dict(c),dict(rules))
    for r in rows:
        for k,x in r['cmp'].items():
            if not x['agree']: print(' ',r['id'],k,'EXT=',x['ext'],'SITE=',x['site'],x['rule'])
