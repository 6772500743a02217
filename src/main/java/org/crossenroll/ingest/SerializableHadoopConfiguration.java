package org.crossenroll.ingest;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The job's Hadoop configuration, carried to the executors by Java serialization (Hadoop's own {@code write} and
 * {@code readFields}). A {@code new Configuration()} on an executor reads only the *-site.xml files found there and
 * loses every {@code spark.hadoop.*} setting (HDFS HA nameservices, viewfs mount tables, S3A credentials). Spark's
 * {@code org.apache.spark.util.SerializableConfiguration} does the same but is a developer API marked unstable.
 */
public final class SerializableHadoopConfiguration implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration value;

    public SerializableHadoopConfiguration(Configuration value) {
        this.value = value;
    }

    public Configuration value() {
        return value;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        value.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        value = new Configuration(false);
        value.readFields(in);
    }
}
