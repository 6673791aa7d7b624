import re,glob,os
for f in sorted(glob.glob('/tmp/silver/*.html')):
    s=open(f,encoding='utf-8').read()
    s2,n=re.subn(r'<table[^>]*class="bd1"[^>]*>.*?</table>','',s,flags=re.S)
    assert n==2,(f,n)
    assert '发文字号' not in s2 and '成文日期' not in s2, f
    open('/tmp/silver_blind/'+os.path.basename(f),'w',encoding='utf-8').write(s2)
