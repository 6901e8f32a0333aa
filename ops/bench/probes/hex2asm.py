# Turns the hex dump that -XX:+PrintAssembly prints with Debian's libhsdis0-fcml under JDK 25 (it does not
# disassemble, only dumps bytes) into /tmp/code.bin for objdump. Usage: hex2asm.py LOG FIRST_LINE LAST_LINE, the
# line range of one "Compiled method (c2)" block; then: objdump -D -b binary -m i386:x86-64 -M intel /tmp/code.bin
import sys,re,subprocess
lines=open(sys.argv[1]).read().splitlines()[int(sys.argv[2])-1:int(sys.argv[3])]
start=None; buf=bytearray()
in_code=False
for l in lines:
    if '[Entry Point]' in l or '[Verified Entry Point]' in l: in_code=True; continue
    if '[Exception Handler]' in l or '[Stub Code]' in l: in_code=False
    if not in_code: continue
    m=re.match(r'\s+(0x[0-9a-f]+):\s+(.*)',l)
    if not m: continue
    if start is None: start=int(m.group(1),16)
    for w in m.group(2).split('|'):
        w=w.strip().replace(' ','')
        if re.fullmatch(r'[0-9a-f]+',w): buf+=bytes.fromhex(w)
open('/tmp/code.bin','wb').write(buf)
print(hex(start), len(buf), file=sys.stderr)
