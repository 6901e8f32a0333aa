#!/usr/bin/python3
"""Builds the tokenizer exactness corpus with reference ids from Debian's python3-sentencepiece.

Run with Debian's interpreter (it has the sentencepiece 0.1.97 module), from the repository root:

    /usr/bin/python3 ops/reference/tokenizer/make_corpus.py [../shared/internlm2/tokenizer.model]

Writes (never edit these by hand; rerun this script):
  src/test/resources/tokenizer/corpus.jsonl   one JSON object per line:
      {"mode": "plain"|"template", "model": "real"|"specials-unreachable",
       "text": ..., "ids": [...], "decode": ...}
    - mode plain, model real: ids = sp.encode(text) on the unmodified tokenizer.model,
      decode = sp.decode(ids).
    - mode plain, model specials-unreachable: for texts that contain the raw piece text of a renamed
      special token ([UNUSED_TOKEN_141..146]). Puyu's plain mode must never emit a special id, so its
      reference is sentencepiece on a copy of the model whose six special pieces are renamed to bytes
      that no text can contain (same length, so the protobuf stays valid).
    - mode template: the text is split on the special-token strings (<s>, </s>, and the six added
      tokens of tokenizer_config.json, ids from FACTS.md); tokens become their ids, the text between is
      encoded with sp.encode. decode = control tokens as "", added tokens as their text, the segments
      as sp.decode.
  src/test/resources/tokenizer/cli_input.jsonl  a few JSON string lines for the CLI test
  src/test/resources/tokenizer/cli_spm_ids.txt  spm_encode --output_format=id of those lines
  src/test/resources/tokenizer/cli_spm_bos_ids.txt  the same with --extra_options=bos
  src/test/resources/tokenizer/cli_spm_decoded.txt  spm_decode --input_format=id of cli_spm_ids.txt
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import sentencepiece as spm

assert spm.__version__ == "0.1.97", spm.__version__

MODEL = sys.argv[1] if len(sys.argv) > 1 else "../shared/internlm2/tokenizer.model"
OUT_DIR = "src/test/resources/tokenizer"
SEED = 20240611

SPECIALS = {"<s>": 1, "</s>": 2, "<|plugin|>": 92538, "<|interpreter|>": 92539, "<|action_end|>": 92540,
            "<|action_start|>": 92541, "<|im_end|>": 92542, "<|im_start|>": 92543}
CONTROL = {"<s>", "</s>"}
RENAMED = ["[UNUSED_TOKEN_%d]" % i for i in range(141, 147)]

model_bytes = open(MODEL, "rb").read()
sp = spm.SentencePieceProcessor(model_proto=model_bytes)
assert sp.get_piece_size() == 92544

unreachable = model_bytes
for k, name in enumerate(RENAMED):
    old = name.encode()
    assert unreachable.count(old) == 1, name
    # 0xF8..0xFD never occur in UTF-8 text, so no input can match or merge into these pieces.
    unreachable = unreachable.replace(old, bytes([0xF8 + k]) + b"\xff" * (len(old) - 1))
sp_unreachable = spm.SentencePieceProcessor(model_proto=unreachable)

rng = random.Random(SEED)

ENGLISH = [
    "Hello, world!", "Hello! What's your name?", "The quick brown fox jumps over the lazy dog.",
    "I can't believe it's not butter.", "She said, \"Don't go there.\"", "It's 5 o'clock somewhere.",
    "E-mail me at john.doe@example.com or call +1 (555) 010-9999.", "Mr. and Mrs. Smith arrived at 10:45 a.m.",
    "Rock 'n' roll", "state-of-the-art, well-known, mother-in-law", "ALL CAPS SENTENCE HERE",
    "camelCaseIdentifier and snake_case_identifier and kebab-case-identifier",
    "Supercalifragilisticexpialidocious", "pneumonoultramicroscopicsilicovolcanoconiosis",
    "The year 2024 had 366 days.", "Version 1.2.3-beta+build.456", "https://www.example.com/path?query=1&b=2#frag",
    "What is the capital of France? Paris.", "  leading spaces", "trailing spaces   ", "tab\tseparated\tvalues",
    "line one\nline two\nline three", "Windows\r\nline\r\nendings", "naïve café résumé coöperate façade",
    "Zürich, Köln, São Paulo, Kraków, Reykjavík", "Привет, мир! Как дела?", "Γειά σου Κόσμε",
    "שלום עולם", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Xin chào thế giới", "Merhaba dünya",
    "Ḽơᶉëᶆ ȋṕšᶙṁ ḍỡḽǭᵳ ʂǐť ӓṁệẗ", "The 1st, 2nd, 3rd and 4th places.", "¿Dónde está la biblioteca?",
    "Ça va? Très bien, merci!", "I ❤ NY", "50% off!!! Buy now???", "...", "?!?!", "-- --- ----",
]

CHINESE = [
    "你好，世界！", "今天天气怎么样？", "我喜欢学习人工智能和机器学习。", "北京是中国的首都。",
    "书山有路勤为径，学海无涯苦作舟。", "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
    "上海浦东新区张江高科技园区", "请问您需要什么帮助？", "这个问题的答案是42。", "中华人民共和国成立于1949年10月1日。",
    "人工智能（AI）正在改变世界——从医疗到交通……", "《红楼梦》是中国古典四大名著之一。", "枸杞子和做事情都很重要",
    "选项进入三岁价廉关村公开赛东山光大哈爾此人", "繁體中文：臺灣、香港、澳門", "简体与繁體混合：学习/學習",
    "“引号”和‘单引号’以及「直角引号」『双直角』", "数字：一二三四五六七八九十百千万亿", "标点：，。！？；：、（）【】",
    "我的电话是13800138000，邮箱是test@example.cn", "价格：￥1,299.00元", "第３章　全角数字と空白",
    "ＡＢＣＤＥＦＧ ａｂｃｄｅｆｇ ＸＹＺ ｘｙｚ", "Ｅｖｅｒｙ ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒ", "——破折号——", "省略号……省略号……",
    "龘靐齉齾爩鱻麤", "𠀀𠀁𠀂𪚥𫝀", "书籍bookstore混合mixing中英文English", "Python是一种编程语言，Java也是。",
]

JAPANESE_KOREAN = [
    "こんにちは、世界！", "日本語の文章をトークン化します。", "カタカナとひらがなと漢字", "ｶﾀｶﾅ半角", "東京スカイツリーは634メートルです。",
    "吾輩は猫である。名前はまだ無い。", "ありがとうございます！", "안녕하세요, 세계!", "한국어 문장을 토큰화합니다.",
    "서울특별시 강남구", "감사합니다 😊", "ㄱㄴㄷㄹ ㅏㅑㅓㅕ", "日本語と한국어と中文のmixed text",
]

CODE = [
    "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
    "public static void main(String[] args) {\n\tSystem.out.println(\"Hello\");\n}",
    "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }",
    "fn main() {\n    let v: Vec<u32> = (0..10).map(|x| x * x).collect();\n    println!(\"{:?}\", v);\n}",
    "const f = async (x) => { await fetch(`/api/${x}`); return x ?? null; };",
    "SELECT id, name FROM users WHERE age >= 18 AND name LIKE '%son' ORDER BY id DESC;",
    "<html><head><title>Test</title></head><body><p class=\"x\">Hi &amp; bye</p></body></html>",
    "{\"key\": \"value\", \"list\": [1, 2, 3], \"nested\": {\"a\": null, \"b\": true}}",
    "for i in $(seq 1 10); do echo \"$i\" | grep -E '^[0-9]+$' >> out.txt; done",
    "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
    "x = [i**2 for i in range(100) if i % 3 == 0]  # squares",
    "if (a && b || !c) { return a << 2 >> 1 & 0xFF | 0b1010 ^ ~d; }",
    "    \t  indented with mixed whitespace\n\t\tand tabs",
    "\\begin{equation} E = mc^2 \\end{equation} $\\sum_{i=1}^{n} x_i$",
    "| col1 | col2 |\n|------|------|\n| a    | b    |",
    "/* comment */ // another comment\n# shell comment\n-- sql comment",
    "git commit -m \"Fix bug #123\" && git push origin main",
    "C:\\Users\\Admin\\Documents\\file.txt", "regex: ^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@\\w+\\.\\w{2,}$",
    "<div>\n  <span>{{ variable | filter }}</span>\n</div>", "a==b!=c<=d>=e->f=>g::h...i",
    "0x7fffffff 0o777 1e-10 3.14159265358979 -0.0 +inf NaN", "@Override\n    public int hashCode() { return 31 * id; }",
]

EMOJI = [
    "😀😃😄😁😆", "👍👍🏻👍🏽👍🏿", "👨‍👩‍👧‍👦 family", "👩‍💻 coder", "🏳️‍🌈 🏴‍☠️", "🇨🇳🇺🇸🇯🇵🇰🇷🇩🇪🇫🇷",
    "❤️ ♥ 💕 💔", "1️⃣ 2️⃣ #️⃣ *️⃣", "🤷‍♂️🤦‍♀️🧑‍🤝‍🧑", "🐍 Python 🦀 Rust ☕ Java", "✅❌⚠️🚀🔥💯", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland",
    "😀text😀text😀", "emoji at end 🎉", "🎉 emoji at start", "🧬🧪🔬🧫", "🫠🫡🫢🫣🫤🥹",
]

RARE = [
    "e\u0301 a\u0300 o\u0308 n\u0303", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u0334\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O\u0342\u030c\u030c\u0358\u0328\u0335\u0339\u033b\u031d\u0333",
    "\u202eRTL override\u202c and \u200fRLM\u200e LRM", "العربية مع English mixed", "עברית123עברית",
    "∀x∈ℝ: x²≥0 ∧ ∃y∉∅ ⇒ ∑∏∫∮√∛∞≈≠≡≤≥⊂⊃⊆⊇⊕⊗", "𝕳𝖊𝖑𝖑𝖔 𝓦𝓸𝓻𝓵𝓭 𝟘𝟙𝟚𝟛", "\ue000\ue001\uf8ff private use",
    "\U000f0000\U000ffffd\U00100000\U0010fffd supplementary private use", "\ufeffBOM at start", "zero\u200bwidth\u200cjoiner\u200dtest\u2060",
    "non\u00a0breaking\u00a0space", "ideographic\u3000space", "line\u2028separator\u2029paragraph", "\u0000null\u0000byte",
    "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x1f\x7f", "\u0080\u0085\u009f C1 controls", "\ufffd\ufffd replacement",
    "\uffff\ufffe noncharacters \U0010ffff", "ǅǈǋǲ titlecase ß ẞ ﬁ ﬂ ﬀ", "Ⅰ Ⅱ Ⅲ Ⅳ Ⅻ ① ② ⑳ ㊿", "℃ ℉ № ™ ® © ℗ ℠",
    "ꦧꦱꦗꦮ ᚠᚢᚦᚨᚱᚲ 𐌰𐌱𐌲 𓀀𓀁𓀂", "ᐃᓄᒃᑎᑐᑦ", "ⴰⵣⵓⵍ", "ሰላም", "ᠮᠣᠩᠭᠣᠯ", "བོད་ཡིག", "ꯃꯤꯇꯩ", "𖹀𖹁 rare scripts",
    "Ã©tÃ© mojibake Ã¼ber", "ï»¿ BOM as latin-1", "\\xff\\xfe\\x00 escaped bytes", "<0x41><0xFF><0x00> byte piece names",
    "<unk> <s> </s> <pad>", "<|im_start|> <|im_end|> <|plugin|> <|interpreter|> <|action_start|> <|action_end|>",
    "<|im_start|>user\nHello<|im_end|>", "<|im_start|", "|im_end|>", "<<|im_start|>>", "<s></s><s>",
    "[UNUSED_TOKEN_0][UNUSED_TOKEN_1] [UNUSED_TOKEN_140]", "[UNUSED_TOKEN_999] [UNUSED_TOKEN_] [UNUSED_TOKEN_14",
    "▁ U+2581 literal ▁▁▁", "_ underscore __init__ ___", "Ｅ Ｆ ｚ —— …… user defined", "Ｅｘ——……ｚ",
]

WHITESPACE_UNITS = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u3000", "\u00a0", "\v", "\f", "    ", "\n\n", "\t\t"]

ALL_FIXED = ENGLISH + CHINESE + JAPANESE_KOREAN + CODE + EMOJI + RARE

WORDS = [w for s in ENGLISH + CODE for w in re.split(r"\s+", s) if w]
CJK_CHARS = [c for s in CHINESE + JAPANESE_KOREAN for c in s if ord(c) > 0x2E80]

RANDOM_BLOCKS = [
    (0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF), (0x900, 0x97F),
    (0xE00, 0xE7F), (0x1100, 0x11FF), (0x2000, 0x206F), (0x2190, 0x22FF), (0x2500, 0x25FF), (0x3000, 0x30FF),
    (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xE000, 0xF8FF), (0xFF00, 0xFFEF), (0x1F300, 0x1FAFF),
    (0x1D400, 0x1D7FF), (0x20000, 0x2A6DF), (0x0, 0x1F), (0x80, 0x9F), (0x300, 0x36F),
]


def random_unicode(n):
    out = []
    for _ in range(n):
        lo, hi = rng.choice(RANDOM_BLOCKS)
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def random_number():
    kind = rng.randrange(6)
    if kind == 0:
        return str(rng.randint(0, 10 ** rng.randint(1, 40)))
    if kind == 1:
        return "%d.%0*d" % (rng.randint(0, 99999), rng.randint(1, 8), rng.randint(0, 10 ** 8))
    if kind == 2:
        return "%04d-%02d-%02d" % (rng.randint(1000, 2999), rng.randint(1, 12), rng.randint(1, 28))
    if kind == 3:
        return "+%d %03d %04d %04d" % (rng.randint(1, 99), rng.randint(0, 999), rng.randint(0, 9999), rng.randint(0, 9999))
    if kind == 4:
        return "".join(rng.choice("0123456789") for _ in range(rng.randint(50, 300)))
    return "{:,}".format(rng.randint(0, 10 ** 15))


def long_word():
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice("abcxyz") * rng.randint(20, 600)
    if kind == 1:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(30, 400)))
    if kind == 2:
        return "".join(rng.choice(CJK_CHARS) for _ in range(rng.randint(30, 300)))
    if kind == 3:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(40, 400))) + "=="
    if kind == 4:
        return "".join(rng.choice("0123456789abcdef") for _ in range(64))
    if kind == 5:
        return rng.choice(["😀", "👍🏽", "🇯🇵", "👨‍👩‍👧"]) * rng.randint(5, 60)
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))  # words glued without spaces


def whitespace_run():
    return "".join(rng.choice(WHITESPACE_UNITS) for _ in range(rng.randint(1, 12)))


def fragment():
    kind = rng.randrange(9)
    if kind == 0:
        return rng.choice(ALL_FIXED)
    if kind == 1:
        return rng.choice(WORDS)
    if kind == 2:
        return random_number()
    if kind == 3:
        return whitespace_run()
    if kind == 4:
        return random_unicode(rng.randint(1, 12))
    if kind == 5:
        return "".join(rng.choice(CJK_CHARS) for _ in range(rng.randint(1, 20)))
    if kind == 6:
        return rng.choice(EMOJI)
    if kind == 7:
        return rng.choice(list(SPECIALS) + ["<unk>", "[UNUSED_TOKEN_%d]" % rng.randint(0, 140)])
    return long_word() if rng.random() < 0.2 else rng.choice(WORDS)


def templated():
    parts = [fragment() for _ in range(rng.randint(1, 8))]
    seps = [rng.choice([" ", "", "\n", ", ", "\t", "  "]) for _ in parts]
    return "".join(p + s for p, s in zip(parts, seps)).rstrip(" ") if rng.random() < 0.5 else "".join(
        p + s for p, s in zip(parts, seps))


def build_plain_texts():
    texts = list(ALL_FIXED)
    texts += [w + ws for w in ["a", "word", "你好", "😀"] for ws in WHITESPACE_UNITS]
    texts += [ws + "x" + ws for ws in WHITESPACE_UNITS]
    texts += [" " * n for n in range(1, 20)] + ["\n" * n for n in range(1, 6)] + ["\t" * n for n in range(1, 6)]
    texts += [str(n) for n in [0, 7, 10, 42, 100, 123, 999, 1000, 2024, 12345, 65536, 1234567890, 31415926535897932]]
    texts += [" " + str(rng.randint(0, 10 ** 12)) for _ in range(40)]
    texts += [random_number() for _ in range(150)]
    texts += [long_word() for _ in range(150)]
    texts += [random_unicode(rng.randint(1, 40)) for _ in range(250)]
    texts += [whitespace_run() + rng.choice(WORDS) + whitespace_run() for _ in range(100)]
    texts += ["%s [UNUSED_TOKEN_%d] %s" % (rng.choice(WORDS), rng.randint(0, 140), rng.choice(CJK_CHARS)) for _ in range(20)]
    texts += [templated() for _ in range(1300)]
    texts += [rng.choice(RENAMED), "x" + RENAMED[5] + "system", "[UNUSED_TOKEN_146][UNUSED_TOKEN_145]",
              " ".join(RENAMED), "[UNUSED_TOKEN_14" + "1]" + RENAMED[0]]
    texts += ["".join(rng.choice(ALL_FIXED) for _ in range(rng.randint(5, 15))) for _ in range(40)]  # long lines
    return texts


def chat_text():
    system = rng.choice(["You are a helpful assistant.", "你是一个乐于助人的助手。", templated()])
    turns = "<s><|im_start|>system\n%s<|im_end|>\n" % system
    if rng.random() < 0.3:
        turns += "<|im_start|>system name=<|plugin|>\n[{\"name\": \"get_weather\", \"parameters\": {}}]<|im_end|>\n"
    for _ in range(rng.randint(1, 3)):
        turns += "<|im_start|>user\n%s<|im_end|>\n" % templated()
        reply = templated()
        if rng.random() < 0.3:
            reply += "<|action_start|><|plugin|>\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"%s\"}}<|action_end|>" % rng.choice(CJK_CHARS)
        if rng.random() < 0.2:
            reply += "<|action_start|><|interpreter|>\n```python\nprint(%d)\n```<|action_end|>" % rng.randint(0, 999)
        turns += "<|im_start|>assistant\n%s<|im_end|>\n" % reply
    if rng.random() < 0.3:
        turns += "</s>"
    return turns + "<|im_start|>assistant\n"


SPECIAL_RE = re.compile("(" + "|".join(re.escape(t) for t in sorted(SPECIALS, key=len, reverse=True)) + ")")


def template_reference(text):
    ids, decoded = [], []
    for part in SPECIAL_RE.split(text):
        if part == "":
            continue
        if part in SPECIALS:
            ids.append(SPECIALS[part])
            decoded.append("" if part in CONTROL else part)
        else:
            seg = sp.encode(part)
            ids += seg
            decoded.append(sp.decode(seg))
    return ids, "".join(decoded)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    plain = build_plain_texts()
    template = ["<s><|im_start|>user\nHello! What's your name?<|im_end|>\n<|im_start|>assistant\n"]
    template += [chat_text() for _ in range(150)]
    template += [templated() for _ in range(50)]
    seen = set()
    rows = []
    for text in plain:
        if ("plain", text) in seen:
            continue
        seen.add(("plain", text))
        renamed = any(r in text for r in RENAMED)
        proc = sp_unreachable if renamed else sp
        ids = proc.encode(text)
        rows.append({"mode": "plain", "model": "specials-unreachable" if renamed else "real",
                     "text": text, "ids": ids, "decode": proc.decode(ids)})
    for text in template:
        # "<unk>" is an added token in tokenizer_config.json but not in the fallback list: leave it out.
        if ("template", text) in seen or any(r in text for r in RENAMED) or "<unk>" in text:
            continue
        seen.add(("template", text))
        ids, decoded = template_reference(text)
        rows.append({"mode": "template", "model": "real", "text": text, "ids": ids, "decode": decoded})
    with open(os.path.join(OUT_DIR, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("corpus.jsonl: %d lines (%d plain, %d template)" % (
        len(rows), sum(r["mode"] == "plain" for r in rows), sum(r["mode"] == "template" for r in rows)))
    write_cli_references()


def write_cli_references():
    # spm_encode reads raw lines, so these texts have no newline; the CLI reads them as JSON strings.
    lines = ["Hello! What's your name?", "你好，世界！ 12345", "  two  spaces\tand a tab", "emoji 👨‍👩‍👧‍👦 🇨🇳",
             "<|im_start|>user is plain text here<|im_end|>", "def f(x): return x ** 2  # code", "Ｅｘ——……ｚ ∀x∈ℝ"]
    with open(os.path.join(OUT_DIR, "cli_input.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as raw:
        raw.write("\n".join(lines) + "\n")
    try:
        for name, extra in [("cli_spm_ids.txt", []), ("cli_spm_bos_ids.txt", ["--extra_options=bos"])]:
            out = subprocess.run(["spm_encode", "--model=" + MODEL, "--output_format=id"] + extra + [raw.name],
                                 check=True, capture_output=True).stdout
            with open(os.path.join(OUT_DIR, name), "wb") as f:
                f.write(out)
        decoded = subprocess.run(["spm_decode", "--model=" + MODEL, "--input_format=id",
                                  os.path.join(OUT_DIR, "cli_spm_ids.txt")], check=True, capture_output=True).stdout
        with open(os.path.join(OUT_DIR, "cli_spm_decoded.txt"), "wb") as f:
            f.write(decoded)
    finally:
        os.unlink(raw.name)


if __name__ == "__main__":
    main()
