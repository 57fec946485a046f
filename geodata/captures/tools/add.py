#!/usr/bin/env python3
"""append events: python3 tools/add.py 'id|name|other|CC|campaign|date|from|to|conf|src1;src2|note'  (one per line on stdin)"""
import os, sys, json
out = open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),'events.jsonl'),'a', encoding='utf-8')
keys = ['id','name','other_names','country','campaign','date','from','to','confidence','sources','note']
for line in sys.stdin:
    line=line.rstrip('\n')
    if not line.strip() or line.startswith('#'): continue
    parts=line.split('|')
    assert len(parts)==11, (len(parts), line)
    d=dict(zip(keys,[p.strip() for p in parts]))
    out.write(json.dumps(d, ensure_ascii=False)+'\n')
out.close()
