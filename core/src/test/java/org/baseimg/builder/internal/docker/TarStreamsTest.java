package org.baseimg.builder.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarStreamsTest {

  @Test
  void singleFile_keepsModeWithSetuidRootOwnerAndTheGivenTime() throws Exception {
    Instant written = Instant.parse("2026-05-01T10:00:00Z");

    byte[] tar =
        TarStreams.singleFile(
            "baseimg-in-1", "hello\n".getBytes(StandardCharsets.UTF_8), 04755, written);

    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry entry = in.getNextEntry();
      assertThat(entry.getName()).isEqualTo("baseimg-in-1");
      assertThat(entry.getMode()).isEqualTo(0104755);
      assertThat(entry.getLongUserId()).isZero();
      assertThat(entry.getLongGroupId()).isZero();
      assertThat(entry.getModTime().toInstant()).isEqualTo(written);
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void buildContext_putsTheDockerfileFirstAndStreamsTheFiles(@TempDir Path dir) throws Exception {
    Path rootfs = Files.write(dir.resolve("tree.tar"), new byte[100_000]);
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("rootfs.tar", rootfs);
    ByteArrayOutputStream context = new ByteArrayOutputStream();

    TarStreams.buildContext("FROM scratch\nADD rootfs.tar /\n", files, context);

    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(context.toByteArray()))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName() + " " + in.readAllBytes().length);
      }
    }
    assertThat(names).containsExactly("Dockerfile 30", "rootfs.tar 100000");
  }
}
