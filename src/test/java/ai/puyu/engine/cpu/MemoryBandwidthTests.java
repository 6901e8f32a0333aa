package ai.puyu.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBandwidthTests {

    @Test
    void medianIgnoresOutliersAndOrder() {
        assertThat(MemoryBandwidth.median(new double[] {41.7, 25.0, 29.0})).isEqualTo(29.0);
        assertThat(MemoryBandwidth.median(new double[] {30.0, 10.0, 20.0, 40.0})).isEqualTo(25.0);
        assertThat(MemoryBandwidth.median(new double[] {7.0})).isEqualTo(7.0);
    }

    @Test
    void medianLeavesItsArgumentUnsorted() {
        double[] v = {3.0, 1.0, 2.0};
        MemoryBandwidth.median(v);
        assertThat(v).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void aSmallProbeMeasuresAPositiveFiniteBandwidth() {
        double gbps = MemoryBandwidth.measureReadGBps(2, 1L << 24, 3);
        assertThat(gbps).isPositive().isFinite();
    }
}
