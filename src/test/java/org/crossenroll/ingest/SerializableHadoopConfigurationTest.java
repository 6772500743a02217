package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SerializableHadoopConfigurationTest {
    private static SerializableHadoopConfiguration roundTrip(SerializableHadoopConfiguration conf)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conf);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SerializableHadoopConfiguration) in.readObject();
        }
    }

    @Test
    void settingsOnlyTheJobHasReachTheOtherSide() throws Exception {
        Configuration job = new Configuration(false);
        job.set("fs.viewfs.mounttable.intake.link./incoming", "hdfs://nn:8020/intake/incoming");
        job.set("dfs.nameservices", "intake");

        Configuration received =
                roundTrip(new SerializableHadoopConfiguration(job)).value();

        assertThat(received.get("fs.viewfs.mounttable.intake.link./incoming"))
                .isEqualTo("hdfs://nn:8020/intake/incoming");
        assertThat(received.get("dfs.nameservices")).isEqualTo("intake");
        assertThat(new Configuration().get("dfs.nameservices"))
                .as("what a fresh configuration would have")
                .isNull();
    }

    @Test
    void aValueSetOverADefaultKeepsTheJobsValue() throws Exception {
        Configuration job = new Configuration();
        job.set("fs.defaultFS", "hdfs://intake");

        Configuration received =
                roundTrip(new SerializableHadoopConfiguration(job)).value();

        assertThat(received.get("fs.defaultFS")).isEqualTo("hdfs://intake");
        assertThat(new Configuration().get("fs.defaultFS")).isEqualTo("file:///");
    }
}
