package ai.puyu.engine.model;

/**
 * The activations of one forward step, sized for the tokens of the step and grown as needed
 * (run state, kept apart from the weights and from the KV cache).
 */
final class InternLM2State {

    private final ModelConfig c;
    int capacity;
    float[] x;      // [n, H]  residual stream
    float[] xb;     // [n, H]  normed input of a sublayer
    float[] qkv;    // [n, (nH + 2 nKV) D]
    float[] att;    // [n, nH D]  attention output before wo
    float[] proj;   // [n, H]  output of wo or w2
    float[] gate;   // [n, I]
    float[] up;     // [n, I]
    float[] cos;    // [n, D/2]
    float[] sin;    // [n, D/2]
    int[] seqOfRow = new int[0];  // [n] which chunk of the batch a row belongs to
    int[] firstRow = new int[0];  // [chunks] first row of each chunk
    int[] groupRow = new int[0];  // [n] first row of each group of tokens that attention computes together
    int groups;                   // groups in use

    InternLM2State(ModelConfig c) {
        this.c = c;
    }

    void ensure(int n, int chunks) {
        if (firstRow.length < chunks) {
            firstRow = new int[chunks];
        }
        if (n <= capacity) {
            return;
        }
        int h = c.hiddenSize();
        x = new float[n * h];
        xb = new float[n * h];
        qkv = new float[n * c.qkvRows()];
        att = new float[n * c.numHeads() * c.headDim()];
        proj = new float[n * h];
        gate = new float[n * c.intermediateSize()];
        up = new float[n * c.intermediateSize()];
        cos = new float[n * c.headDim() / 2];
        sin = new float[n * c.headDim() / 2];
        seqOfRow = new int[n];
        groupRow = new int[n];
        capacity = n;
    }
}
