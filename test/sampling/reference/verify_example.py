# An independent re-implementation of docs/sampling.md §3–§9 (simple method and the
# deal) and §6 (PPS E64), written from the document alone, checking its worked example.
# Run by test/sampling/cross-language.test.ts when python3 is available.
import hashlib, json, os, re
doc = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'docs', 'sampling.md'), encoding='utf8').read()
inp = json.loads(re.search(r'```json sampling-example-input\n(.*?)\n```', doc, re.S).group(1))
trace = json.loads(re.search(r'```json sampling-example-trace\n(.*?)\n```', doc, re.S).group(1))
def lp(b):
    if isinstance(b, str): b = b.encode('utf8')
    return len(b).to_bytes(4, 'big') + b
H = lambda b: hashlib.sha256(b).digest()
def jcs(o): return json.dumps(o, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
u8 = lambda s: s.encode('utf8')
subs = sorted(inp['subjects'], key=lambda s: u8(s['id']))
sdoc = {'schema': 'taizhang.sampling.subjects/1', 'entries': [{'id': s['id'], 'region': s['region'], 'grade': s['grade'], 'subsidyPaidFen': s['subsidyPaidFen'], 'lastInspectorIds': sorted(set(s.get('lastInspectorIds', [])), key=u8)} for s in subs]}
ins = sorted(inp['inspectors'], key=lambda s: u8(s['id']))
idoc = {'schema': 'taizhang.sampling.inspectors/1', 'entries': [{'id': i['id'], 'region': i['region'], 'qualifications': sorted(set(i.get('qualifications', [])), key=u8), 'conflictInstitutionIds': sorted(set(i.get('conflictInstitutionIds', [])), key=u8), 'formerEmployerIds': sorted(set(i.get('formerEmployerIds', [])), key=u8)} for i in ins]}
hs, hi = H(u8(jcs(sdoc))), H(u8(jcs(idoc)))
assert hs.hex() == trace['rosterHashes']['subjects'] and hi.hex() == trace['rosterHashes']['inspectors'], 'roster hashes'
src, val = inp['randomness']['source'], inp['randomness']['value']
key = ''.join(''.join(f'{n}.' for n in sorted(g)) + '/' for g in val['numbers'])
F = lp('lottery') + lp(src['name']) + lp(src['drawDate']) + lp(key)
seed = H(lp('taizhang-sampling-v1/seed') + F + lp(inp['planId']) + lp(hs) + lp(hi))
assert seed.hex() == trace['seed'], 'seed'
d = inp['design']
label = lambda s: '|'.join(s[f] for f in d['stratifyBy'])
ticket = lambda tag, scope, id: H(lp(tag) + seed + lp(scope) + lp(id))
drawn, taken = [], set()
for st in d['strata']:
    lab = '|'.join(st['key']); mem = [s for s in inp['subjects'] if label(s) == lab]
    n = st['count'] if 'count' in st else (len(mem) * st['rateBp'] + 9999) // 10000
    for s in sorted(mem, key=lambda s: (ticket('taizhang-sampling-v1/tickets', lab, s['id']), u8(s['id'])))[:n]:
        drawn.append(s); taken.add(s['id'])
for r, fl in enumerate(d.get('floors', [])):
    for g in sorted({s[fl['by']] for s in inp['subjects']}, key=u8):
        grp = [s for s in inp['subjects'] if s[fl['by']] == g]
        have = sum(1 for s in grp if s['id'] in taken)
        if have >= fl['min']: continue
        cands = sorted((s for s in grp if s['id'] not in taken), key=lambda s: (ticket('taizhang-sampling-v1/floor', f"{r}|{fl['by']}|{g}", s['id']), u8(s['id'])))
        for s in cands[:fl['min'] - have]: drawn.append(s); taken.add(s['id'])
assert [s['id'] for s in drawn] == [x.split()[0] for x in trace['drawn']], 'drawn'
a = inp['assignment']; k = a['inspectorsPerSubject']
pool = [i for i in ins if 'requiredQualification' not in a or a['requiredQualification'] in i.get('qualifications', [])]
def recused(s, i): return s['id'] in i.get('conflictInstitutionIds', []) or s['id'] in i.get('formerEmployerIds', []) or (a['excludeOwnRegion'] and i['region'] == s['region']) or i['id'] in s.get('lastInspectorIds', [])
T, P = len(drawn) * k, len(pool)
deck, r = [], 0
while len(deck) < T:
    deck += sorted(pool, key=lambda i: (ticket('taizhang-sampling-v1/shuffle', str(r), i['id']), u8(i['id']))); r += 1
deck = deck[:T]
assert ' '.join(i['id'] for i in deck) == trace['deck'], 'deck'
teams = {}
for s in sorted(drawn, key=lambda s: u8(s['id'])):
    team = []
    for c in list(deck):
        if len(team) == k: break
        if not recused(s, c) and c not in team: team.append(c); deck.remove(c)
    teams[s['id']] = sorted((i['id'] for i in team), key=u8)
assert [f"{sid}: {' '.join(t)}" for sid, t in teams.items()] == trace['assignments'], 'assignments'
# PPS E64 from §6
LN2 = 0xB17217F7D1CF79AB
def E64(t):
    a_ = int.from_bytes(t[:8], 'big'); v = 2 * a_ + 1; tt = v.bit_length() - 1
    if v * v >= 1 << (2 * tt + 1): tt += 1
    p = 1 << tt
    y, sign = (((v - p) << 64) // (v + p), -1) if v >= p else (((p - v) << 64) // (v + p), 1)
    y2 = (y * y) >> 64; term = S = y; j = 1
    while True:
        term = (term * y2) >> 64
        if term == 0: break
        S += term // (2 * j + 1); j += 1
    return (65 - tt) * LN2 + sign * 2 * S
for line in trace['tickets']:
    sid, lab, hx, e = line.split()
    assert ticket('taizhang-sampling-v1/tickets', lab, sid).hex() == hx, 'ticket ' + sid
    assert str(E64(bytes.fromhex(hx))) == e[2:], 'E ' + sid
print('independent Python implementation agrees with the trace: roster hashes, seed, tickets, E64, drawn, deck, assignments')
