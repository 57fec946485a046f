#!/usr/bin/env python3
import json, csv, re, collections
import os
B=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))+'/'
ALIAS={'Jelgava (right bank)':'Jelgava','Tartu (north bank)':'Tartu','Riigiküla (now part of Kudruküla)':'Kudruküla (incl. former Riigiküla)'}
def parse(s):
    s=s.strip()
    try: return float(s)
    except ValueError: pass
    m=re.match(r"^(\d+)\s*°\s*(?:(\d+(?:\.\d+)?)\s*[′'’]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:″|\"|''|”)\s*)?([NSEWO])$",s)
    if not m: raise ValueError(s)
    d=float(m.group(1))+float(m.group(2) or 0)/60+float(m.group(3) or 0)/3600
    if m.group(4) in 'SW': d=-d
    return d
coords={}
for l in open(B+'coords.txt',encoding='utf-8'):
    if l.startswith('#') or not l.strip(): continue
    p=[x.strip() for x in l.split('|')]
    name,lat,lon,url=p[0],p[1],p[2],p[3]
    la,lo=parse(lat),parse(lon)
    assert 53.5<la<60.0 and 20.5<lo<28.5,(name,la,lo)
    coords[name]=(round(lo,4),round(la,4),url)
rows=[json.loads(l) for l in open(B+'events.jsonl',encoding='utf-8')]
ids=set()
out=[]
for r in rows:
    assert r['id'] not in ids, r['id']; ids.add(r['id'])
    assert r['campaign'] in ('1941-advance','1944-narva','1944-offensive','1945-courland'),r
    assert r['confidence'] in ('stated','disputed','inferred'),r
    assert r['from'] in ('DE','SU') and r['to'] in ('DE','SU') and r['from']!=r['to'],r
    assert re.match(r'^\d{4}-\d\d-\d\d$',r['date']),r
    assert r['country'] in ('EE','LV','LT'),r
    c=coords[ALIAS.get(r['name'],r['name'])]
    srcs=[s for s in r['sources'].split(';') if s]
    if c[2] not in srcs: srcs.append(c[2])
    out.append([r['id'],r['name'],r['other_names'],r['country'],f"{c[0]:.4f}",f"{c[1]:.4f}",r['campaign'],r['date'],r['from'],r['to'],r['confidence'],';'.join(srcs),r['note']])
out.sort(key=lambda x:(x[7],x[0]))
with open(B+'captures.csv','w',newline='',encoding='utf-8') as f:
    w=csv.writer(f,quoting=csv.QUOTE_MINIMAL,lineterminator='\r\n')
    w.writerow('id,name,other_names,country,lon,lat,campaign,date,from,to,confidence,sources,note'.split(','))
    w.writerows(out)
cnt=collections.Counter((x[6],x[3]) for x in out)
conf=collections.Counter((x[6],x[10]) for x in out)
print(len(out))
for k in sorted(cnt): print(k,cnt[k])
for k in sorted(conf): print(k,conf[k])
json.dump({'coords':{k:v for k,v in coords.items()}},open(B+'tools/coords_parsed.json','w'),ensure_ascii=False,indent=0)
