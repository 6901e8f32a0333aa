package ai.puyu.engine.tokenizer;

import ai.puyu.engine.format.SentencePieceModelReader;
import ai.puyu.engine.format.SentencePieceModelReader.ModelType;
import ai.puyu.engine.format.SentencePieceModelReader.PieceType;
import ai.puyu.engine.format.SentencePieceModelReader.SentencePieceModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * SentencePiece BPE tokenizer, identical in output to sentencepiece 0.1.97 for BPE models with the
 * identity normalizer (InternLM2's). Two encoding modes:
 * <ul>
 * <li>{@link #encode}: plain text. Special-token strings such as {@code <|im_start|>} are ordinary text,
 * and no special id (control pieces, added special tokens) is ever produced, not even from the raw
 * piece text of a renamed token such as {@code [UNUSED_TOKEN_146]}, which sentencepiece alone would map
 * to 92543; such text is encoded as if the piece did not exist. No BOS is added.</li>
 * <li>{@link #encodeTemplate}: the added tokens' strings (and {@code <s>}, {@code </s>}) become their
 * ids; the text between them is encoded as plain text.</li>
 * </ul>
 * Decoding follows sentencepiece (U+2581 to space, byte pieces joined into UTF-8 with malformed bytes as
 * U+FFFD, control pieces such as {@code <s>} invisible, {@code <unk>} as " \u2047 "), except that an added
 * special token that is not a control piece decodes to its added text ({@code <|im_end|>}), as Hugging
 * Face does, rather than to its raw piece text. Note: SentencePiece's split_digits is a training option
 * only; encoding never splits digits beyond what the vocabulary's merges do (as sentencepiece).
 * Thread-safe and immutable.
 */
public final class Tokenizer {

    /** Per-id decode data shared with {@link IncrementalDecoder}. */
    record DecodeTables(String[] surface, int[] byteValue, boolean[] strippable, boolean stripLeadingSpace,
                        boolean removeExtraWhitespaces) {
    }

    private final Vocabulary vocab;
    private final SpecialTokens specials;
    private final TextNormalizer normalizer;
    private final BpeEncoder bpe;
    private final DecodeTables decodeTables;
    private final List<String> templateTokens; // longest first
    private final String tokenFirstChars;      // the distinct first characters of templateTokens
    private final int bosId;
    private final int eosId;

    private Tokenizer(SentencePieceModel model, String configJson, String source, String configSource) {
        if (model.trainerSpec().modelType() != ModelType.BPE) {
            throw new IllegalArgumentException(source + ": model type is " + model.trainerSpec().modelType()
                    + ", only BPE is supported");
        }
        specials = SpecialTokens.resolve(model, configJson, configSource);
        vocab = new Vocabulary(model, specials.special, source);
        normalizer = new TextNormalizer(model.normalizerSpec(), model.trainerSpec().treatWhitespaceAsSuffix(),
                vocab.userSymbols, source);
        bpe = new BpeEncoder(vocab);
        templateTokens = specials.textsLongestFirst();
        StringBuilder first = new StringBuilder();
        for (String t : templateTokens) {
            if (first.indexOf(t.substring(0, 1)) < 0) {
                first.append(t.charAt(0));
            }
        }
        tokenFirstChars = first.toString();
        bosId = specialOrPiece(specials.bosText);
        eosId = specialOrPiece(specials.eosText);
        int n = vocab.size();
        String[] surface = new String[n];
        boolean[] strippable = new boolean[n];
        String unkSurface = model.trainerSpec().unkSurface();
        for (int i = 0; i < n; i++) {
            PieceType t = vocab.types[i];
            String added = specials.textById.get(i);
            if (t == PieceType.CONTROL) {
                surface[i] = "";
            } else if (t == PieceType.UNKNOWN) {
                surface[i] = unkSurface;
            } else if (t == PieceType.BYTE) {
                surface[i] = "";
            } else if (added != null && specials.special.get(i)) {
                surface[i] = added;
            } else {
                surface[i] = vocab.pieces[i].replace('\u2581', ' ');
                strippable[i] = true;
            }
        }
        var ns = model.normalizerSpec();
        decodeTables = new DecodeTables(surface, vocab.byteValue, strippable,
                ns.addDummyPrefix() || ns.removeExtraWhitespaces(), ns.removeExtraWhitespaces());
    }

    private int specialOrPiece(String text) {
        Integer id = specials.idByText.get(text);
        if (id != null) {
            return id;
        }
        for (int i = 0; i < vocab.size(); i++) {
            if (vocab.pieces[i].equals(text)) {
                return i;
            }
        }
        return -1;
    }

    /** Loads a {@code tokenizer.model}, with special tokens from {@code tokenizer_config.json} if given. */
    public static Tokenizer load(Path modelFile, Path tokenizerConfigJsonOrNull) throws IOException {
        SentencePieceModel model = SentencePieceModelReader.read(modelFile);
        String config = null;
        if (tokenizerConfigJsonOrNull != null) {
            try {
                config = Files.readString(tokenizerConfigJsonOrNull, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(tokenizerConfigJsonOrNull.toString(), null, "tokenizer config not found");
            }
        }
        String cfgName = tokenizerConfigJsonOrNull == null ? "tokenizer_config.json" : tokenizerConfigJsonOrNull.toString();
        return new Tokenizer(model, config, modelFile.toString(), cfgName);
    }

    /** Builds a tokenizer from the bytes of a {@code .model} file and optional config JSON text. */
    public static Tokenizer fromBytes(byte[] model, String tokenizerConfigJsonOrNull) {
        return new Tokenizer(SentencePieceModelReader.decode(model, "tokenizer model"), tokenizerConfigJsonOrNull,
                "tokenizer model", "tokenizer_config.json");
    }

    /** Plain-text encoding: special-token strings are ordinary text; no BOS. */
    public int[] encode(String text) {
        IntList out = new IntList(text.length() / 2 + 4);
        encodePlain(text, out);
        return out.toArray();
    }

    private void encodePlain(String text, IntList out) {
        if (text.isEmpty()) {
            return;
        }
        int[] len = new int[1];
        byte[] normalized = normalizer.normalize(text, len);
        bpe.encode(normalized, len[0], out);
    }

    /** Template encoding: added/special token strings become their ids, the rest is plain text. */
    public int[] encodeTemplate(String text) {
        IntList out = new IntList(text.length() / 2 + 4);
        int segmentStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            String match = null;
            if (tokenFirstChars.indexOf(text.charAt(i)) >= 0) {
                for (String t : templateTokens) {
                    if (text.startsWith(t, i)) {
                        match = t;
                        break;
                    }
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            encodePlain(text.substring(segmentStart, i), out);
            out.add(specials.idByText.get(match));
            i += match.length();
            segmentStart = i;
        }
        encodePlain(text.substring(segmentStart), out);
        return out.toArray();
    }

    /** Decodes ids to text (see the class comment for the rules). */
    public String decode(int[] ids) {
        IncrementalDecoder d = newDecoder();
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(d.push(id));
        }
        return sb.append(d.flush()).toString();
    }

    /** A streaming decoder for one sequence. */
    public IncrementalDecoder newDecoder() {
        return new IncrementalDecoder(decodeTables);
    }

    public int vocabSize() {
        return vocab.size();
    }

    /** The id of {@code <s>}, or -1 when the model has none. */
    public int bosId() {
        return bosId;
    }

    /** The id of {@code </s>}, or -1 when the model has none. */
    public int eosId() {
        return eosId;
    }

    /** The id of an added/special token string such as {@code <|im_end|>}. */
    public OptionalInt specialId(String token) {
        Integer id = specials.idByText.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Whether the id is a control piece or an added special token (never produced by {@link #encode}). */
    public boolean isSpecial(int id) {
        return id >= 0 && id < vocab.size() && specials.special.get(id);
    }

    /**
     * The UTF-8 bytes one id stands for on its own: a byte piece's byte (possibly part of a character), a piece's
     * text with U+2581 as a space (the leading space that decoding drops at the start of a text is kept), an added
     * token's text, {@code <unk>}'s surface; empty for control pieces such as {@code <s>}.
     */
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is out of range (vocabulary has " + vocab.size() + " pieces)");
        }
        int b = decodeTables.byteValue()[id];
        return b >= 0 ? new byte[] {(byte) b} : decodeTables.surface()[id].getBytes(StandardCharsets.UTF_8);
    }

    /** The raw piece text of an id, as stored in the model. */
    public String piece(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is out of range (vocabulary has " + vocab.size() + " pieces)");
        }
        return vocab.pieces[id];
    }
}
