package org.crossenroll.disclosure;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.ObjectInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.report.Report;

/**
 * Replays the exact inputs of one run's {@link PublishedLayer#build} without Spark, times it (CPU time of this
 * thread, since the machine is shared) and prints a digest of everything it produces: every published row, the
 * withheld cells and points of the protection, and the audit. The digest must not change when the published layer
 * is made faster: "results identical before and after".
 *
 * <p>The inputs file: per report its name, schema and rows, then the units' rows and k, as Java serialization
 * (Spark rows and schemas are Serializable), written once by a throwaway run of the job.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/spark-classpath.txt) \
 *   org.crossenroll.disclosure.ProtectionBench target/inputs200000.ser [repetitions]</pre>
 */
public final class ProtectionBench {
    private ProtectionBench() {}

    public static void main(String[] args) throws Exception {
        Map<Report, PublishedLayer.Table> tables = new LinkedHashMap<>();
        List<Row> units;
        long k;
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(new FileInputStream(args[0])))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Report report = Report.valueOf((String) in.readObject());
                StructType schema = (StructType) in.readObject();
                @SuppressWarnings("unchecked")
                List<Row> rows = (List<Row>) in.readObject();
                tables.put(report, new PublishedLayer.Table(schema, rows));
            }
            @SuppressWarnings("unchecked")
            List<Row> u = (List<Row>) in.readObject();
            units = u;
            k = in.readLong();
        }
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String digest = null;
        for (int rep = 0; rep < repetitions; rep++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            PublishedLayer.Layers layers = PublishedLayer.build(tables, units, k);
            System.out.printf(
                    "build %d: cpu %.2f s, wall %.2f s%n",
                    rep, (threads.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9);
            String d = digest(tables, units, k, layers);
            System.out.println("digest " + d);
            if (digest != null && !digest.equals(d)) {
                throw new IllegalStateException("the digest changed between repetitions: " + digest + " then " + d);
            }
            digest = d;
        }
    }

    private static String digest(
            Map<Report, PublishedLayer.Table> tables, List<Row> units, long k, PublishedLayer.Layers layers)
            throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder s = new StringBuilder();
        layers.byReport().forEach((report, layer) -> {
            s.append(report)
                    .append(' ')
                    .append(layer.schema().json())
                    .append(' ')
                    .append(layer.withheldCells())
                    .append('\n');
            for (Row row : layer.rows()) {
                s.append(row).append('\n');
            }
        });
        s.append(layers.audit()).append('\n');
        // the protection itself: withheld cells, points, targets, unprotected
        Map<Report, List<Row>> internal = new LinkedHashMap<>();
        tables.forEach((report, table) -> internal.put(report, table.rows()));
        LinkedCells cells = new LinkedCells(internal);
        Protection.Result result = Protection.protect(cells, new Units(units, cells), k);
        for (int i = 0; i < result.withheld().length; i++) {
            if (result.withheld()[i]) {
                s.append(i).append(',');
            }
        }
        s.append('\n');
        for (Protection.Point p : result.points()) {
            s.append(java.util.Arrays.toString(p.cells()))
                    .append(java.util.Arrays.toString(p.delta()))
                    .append('\n');
        }
        s.append(result.targets().size())
                .append(' ')
                .append(result.unprotected().size())
                .append('\n');
        sha.update(s.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf(
                "points %d, targets %d, withheld %d%n",
                result.points().size(),
                result.targets().size(),
                layers.byReport().values().stream()
                        .mapToLong(PublishedLayer.Layer::withheldCells)
                        .sum());
        return HexFormat.of().formatHex(sha.digest());
    }
}
