package ai.puyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.cli.CliHarness.Result;
import ai.puyu.engine.tensor.DType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code puyu bench --scenario concurrent} on the tiny demo model: its JSON, rounds and refusals (no timing asserted). */
class BenchCommandTests {

    @TempDir
    static Path dir;
    private static String model;

    @BeforeAll
    static void demoModel() throws Exception {
        model = CliHarness.tinyModel(dir, DType.BF16);
    }

    private static JsonNode lastJson(String out) {
        String[] lines = out.strip().split("\n");
        return JsonMapper.builder().build().readTree(lines[lines.length - 1]);
    }

    @Test
    void concurrentRunsEveryClientCountInEachRoundAndReportsMediansAndRatios() {
        for (String kv : List.of("f32", "int8")) {
            Result r = CliHarness.run("", "bench", "--model", model, "--scenario", "concurrent", "--clients", "1,3",
                    "--rounds", "3", "--prompt-tokens", "6", "--gen-tokens", "4", "--threads", "2", "--kv-dtype", kv, "--json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode json = lastJson(r.out());
            assertThat(json.get("kv_cache_dtype").asText()).isEqualTo(kv);
            assertThat(json.get("rounds").asInt()).isEqualTo(3);
            JsonNode results = json.get("results");
            assertThat(results.size()).isEqualTo(2);
            for (int k = 0; k < 2; k++) {
                JsonNode row = results.get(k);
                assertThat(row.get("clients").asInt()).isEqualTo(k == 0 ? 1 : 3);
                assertThat(row.get("decoded_tokens").asInt()).isEqualTo((k == 0 ? 1 : 3) * 3);
                double[] byRound = new double[3];
                for (int i = 0; i < 3; i++) {
                    byRound[i] = row.get("by_round").get(i).asDouble();
                    assertThat(byRound[i]).isPositive();
                    double ratio = row.get("vs_first_by_round").get(i).asDouble();
                    double expected = byRound[i] / results.get(0).get("by_round").get(i).asDouble();
                    assertThat(ratio).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01 + 0.001 * expected));
                }
                java.util.Arrays.sort(byRound);
                assertThat(row.get("aggregate_decode_tokens_per_second").asDouble()).isEqualTo(byRound[1]);
            }
            assertThat(r.err()).contains("round 3, clients  3:");
        }
    }

    @Test
    void refusesBadScenarioOptionsWithOneLine() {
        Result rounds = CliHarness.run("", "bench", "--model", model, "--scenario", "concurrent", "--rounds", "0");
        assertThat(rounds.exit()).isNotZero();
        assertThat(rounds.err().strip()).isEqualTo("puyu: --rounds must be at least 1");
        Result kv = CliHarness.run("", "bench", "--model", model, "--scenario", "concurrent", "--kv-dtype", "fp8");
        assertThat(kv.exit()).isNotZero();
        assertThat(kv.err().strip()).isEqualTo("puyu: unknown KV cache dtype 'fp8': use f32 or int8");
    }
}
