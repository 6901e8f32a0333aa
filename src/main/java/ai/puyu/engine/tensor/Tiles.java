package ai.puyu.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Horizontal sums of register tiles. */
final class Tiles {

    private Tiles() {
    }

    static void reduce4x4(float[] res, FloatVector a00, FloatVector a01, FloatVector a02, FloatVector a03,
            FloatVector a10, FloatVector a11, FloatVector a12, FloatVector a13,
            FloatVector a20, FloatVector a21, FloatVector a22, FloatVector a23,
            FloatVector a30, FloatVector a31, FloatVector a32, FloatVector a33) {
        res[0] = a00.reduceLanes(VectorOperators.ADD);
        res[1] = a01.reduceLanes(VectorOperators.ADD);
        res[2] = a02.reduceLanes(VectorOperators.ADD);
        res[3] = a03.reduceLanes(VectorOperators.ADD);
        res[4] = a10.reduceLanes(VectorOperators.ADD);
        res[5] = a11.reduceLanes(VectorOperators.ADD);
        res[6] = a12.reduceLanes(VectorOperators.ADD);
        res[7] = a13.reduceLanes(VectorOperators.ADD);
        res[8] = a20.reduceLanes(VectorOperators.ADD);
        res[9] = a21.reduceLanes(VectorOperators.ADD);
        res[10] = a22.reduceLanes(VectorOperators.ADD);
        res[11] = a23.reduceLanes(VectorOperators.ADD);
        res[12] = a30.reduceLanes(VectorOperators.ADD);
        res[13] = a31.reduceLanes(VectorOperators.ADD);
        res[14] = a32.reduceLanes(VectorOperators.ADD);
        res[15] = a33.reduceLanes(VectorOperators.ADD);
    }
}
