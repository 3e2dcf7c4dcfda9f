package org.baseimg.builder.internal.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Docker build context written as a tar into a pipe by a thread of its own, so that the build
 * reads it as it is made and the tar never lands on disk. The build reads {@link #input()}; a
 * failure to write is kept for the build's message.
 */
final class BuildContextPipe {
  private final PipedInputStream input = new PipedInputStream(1 << 16);
  private final Thread thread;
  private volatile IOException failure;

  private BuildContextPipe(String dockerfile, Map<String, Path> files) throws IOException {
    OutputStream writer = new PipedOutputStream(input);
    thread =
        new Thread(
            () -> {
              try (OutputStream out = writer) {
                TarStreams.buildContext(dockerfile, files, out);
              } catch (IOException e) {
                failure = e;
              }
            },
            "baseimg-build-context");
    thread.setDaemon(true);
  }

  static BuildContextPipe start(String dockerfile, Map<String, Path> files) throws IOException {
    BuildContextPipe pipe = new BuildContextPipe(dockerfile, files);
    pipe.thread.start();
    return pipe;
  }

  InputStream input() {
    return input;
  }

  /** Why writing failed, or null. */
  IOException failure() {
    return failure;
  }

  void interrupt() {
    thread.interrupt();
  }

  void join() throws InterruptedException {
    thread.join();
  }
}
