#!/usr/bin/python3
"""Builds two tiny SentencePiece BPE models and their reference encodings from python3-sentencepiece.

They exercise what the real InternLM2 model does not: UNUSED pieces (merged, then resegmented),
score ties, add_dummy_prefix / remove_extra_whitespaces, and <unk> without byte fallback.
Run from the repository root with Debian's interpreter:

    /usr/bin/python3 ops/reference/tokenizer/make_small_models.py

Writes src/test/resources/tokenizer/small_{dummy,bytes}.model and small_reference.jsonl
({"model": file, "text": ..., "ids": [...], "decode": ...} per line). Never edit these by hand.
"""
import json
import os
import struct

import sentencepiece as spm

assert spm.__version__ == "0.1.97", spm.__version__
OUT_DIR = "src/test/resources/tokenizer"

NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(num, value):
    return varint(num << 3) + varint(value)


def field_bytes(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def field_float(num, value):
    return varint(num << 3 | 5) + struct.pack("<f", value)


def piece(text, score, kind):
    return field_bytes(1, text.encode()) + field_float(2, score) + field_varint(3, kind)


def model(pieces, byte_fallback, dummy_prefix, remove_extra):
    out = b"".join(field_bytes(1, piece(*p)) for p in pieces)
    trainer = field_varint(3, 2) + field_varint(4, len(pieces)) + field_varint(35, 1 if byte_fallback else 0)
    trainer += field_bytes(99, b"an unknown field the reader must skip")
    out += field_bytes(2, trainer)
    normalizer = field_bytes(1, b"identity") + field_varint(3, int(dummy_prefix)) + field_varint(4, int(remove_extra)) \
        + field_varint(5, 1)
    out += field_bytes(3, normalizer)
    return out


def vocabulary(with_bytes):
    pieces = [("<unk>", 0.0, UNKNOWN), ("<s>", 0.0, CONTROL), ("</s>", 0.0, CONTROL)]
    if with_bytes:
        pieces += [("<0x%02X>" % b, 0.0, BYTE) for b in range(256)]
    pieces += [("<sep>", 0.0, USER_DEFINED), ("Ｅ", 0.0, USER_DEFINED), ("<sep><sep>", 0.0, USER_DEFINED)]
    merges = [
        ("cd", 5.0, UNUSED),      # merged first, then split back unless it grows into "cde"
        ("cde", 4.0, NORMAL),
        ("ab", -1.0, NORMAL),     # tie with "bc": the leftmost pair wins
        ("bc", -1.0, NORMAL),
        ("aa", -2.0, NORMAL),
        ("he", -3.0, NORMAL), ("ll", -3.0, NORMAL), ("lo", -4.0, NORMAL), ("hell", -5.0, NORMAL),
        ("hello", -6.0, NORMAL), ("\u2581hello", -7.0, NORMAL), ("wo", -8.0, NORMAL), ("wor", -9.0, NORMAL),
        ("ld", -9.0, NORMAL), ("world", -10.0, NORMAL), ("\u2581world", -11.0, NORMAL), ("\u2581\u2581", -12.0, NORMAL),
        ("12", -13.0, NORMAL), ("123", -14.0, NORMAL), ("xc", -15.0, NORMAL), ("好", -16.0, NORMAL),
        ("-0", -0.0, NORMAL), ("0-", 0.0, NORMAL),   # -0.0 and 0.0 compare equal, as in C++
    ]
    chars = ["\u2581", "a", "b", "c", "d", "e", "h", "l", "o", "w", "r", "1", "2", "3", "x", "-", "0"]
    pieces += merges + [(c, -100.0 - i, NORMAL) for i, c in enumerate(chars)]
    return pieces


TEXTS = ["hello world", "  hello   world  ", "abc", "abcbc", "aaaa", "aaaaa", "abcde", "cd", "xcd", "cde", "cdcd",
         "hello<sep>world", "<sep><sep><sep>", "Ｅhello", "<s>hello</s>", "你好", "zzz", "z你y", "123 1234",
         "", " ", "   ", "a\u00e9b", "😀!", "-0-0-", "0-0", "hello\tworld\n", "\u2581hello", "ab cd ef"]


def main():
    rows = []
    for name, with_bytes, dummy, remove in [("small_dummy.model", False, True, True),
                                            ("small_bytes.model", True, False, False)]:
        data = model(vocabulary(with_bytes), with_bytes, dummy, remove)
        with open(os.path.join(OUT_DIR, name), "wb") as f:
            f.write(data)
        sp = spm.SentencePieceProcessor(model_proto=data)
        for text in TEXTS:
            ids = sp.encode(text)
            rows.append({"model": name, "text": text, "ids": ids, "decode": sp.decode(ids)})
        # Decoding alone: stray and truncated byte pieces, <unk>, controls, a leading space piece.
        extra = [[0], [1, 2], [3 + 0xE4, 3 + 0xBD], [3 + 0xE4, 3 + 0xBD, 3 + 0xA0], [3 + 0x80, 3 + 0x41, 3 + 0xFF],
                 [3 + 0xF0, 3 + 0x9F, 3 + 0x98], [1, 3 + 0xC3, 3 + 0xA9, 2]] if with_bytes else [[0, 0], [1, 2, 0]]
        for ids in extra:
            rows.append({"model": name, "text": None, "ids": ids, "decode": sp.decode(ids)})
        first_hello = sp.piece_to_id("\u2581hello")
        rows.append({"model": name, "text": None, "ids": [first_hello, first_hello],
                     "decode": sp.decode([first_hello, first_hello])})
    with open(os.path.join(OUT_DIR, "small_reference.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("small_reference.jsonl: %d lines" % len(rows))


if __name__ == "__main__":
    main()
