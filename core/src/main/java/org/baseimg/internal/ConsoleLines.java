package org.baseimg.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A serial console's output as lines, read on a thread of its own so that the caller can wait with
 * a deadline. A line loses its {@code \r\n} or {@code \n}; bytes that are not UTF-8 become U+FFFD;
 * a line longer than {@link #MAX_LINE} bytes is cut into pieces, so that output without line breaks
 * cannot grow without bound.
 */
public final class ConsoleLines {
  /** The longest line handed on, in bytes. */
  public static final int MAX_LINE = 4096;

  /**
   * What the reading thread found: a line, or the end of the output.
   *
   * @param line the line, or {@code null} at the end
   */
  public record Item(String line) {
    static final Item END = new Item(null);

    /** Whether the output has ended. */
    public boolean isEnd() {
      return line == null;
    }
  }

  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  private ConsoleLines(InputStream in, String threadName) {
    this.thread =
        new Thread(
            () -> {
              Splitter splitter = new Splitter(line -> queue.add(new Item(line)));
              byte[] buffer = new byte[8192];
              try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  splitter.feed(buffer, 0, n);
                }
              } catch (IOException e) {
                // the process went away; what was read is all there is
              } finally {
                splitter.finish();
                queue.add(Item.END);
              }
            },
            threadName);
    thread.setDaemon(true);
  }

  /** Starts reading {@code in} on a daemon thread called {@code threadName}. */
  public static ConsoleLines start(InputStream in, String threadName) {
    ConsoleLines lines = new ConsoleLines(in, threadName);
    lines.thread.start();
    return lines;
  }

  /** The next item, waiting at most {@code millis}; {@code null} when none came in time. */
  public Item poll(long millis) throws InterruptedException {
    return queue.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** Waits at most {@code millis} for the reading thread to end. */
  public void join(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
  }

  /** Cuts a byte stream into lines. */
  public static final class Splitter {
    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public Splitter(Consumer<String> sink) {
      this.sink = sink;
    }

    /** Takes more bytes; hands on each line they complete. */
    public void feed(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        byte b = bytes[i];
        if (b == '\n') {
          emit();
        } else {
          line.write(b);
          if (line.size() >= MAX_LINE) {
            emit();
          }
        }
      }
    }

    /** Hands on an unfinished last line, if any. */
    public void finish() {
      if (line.size() > 0) {
        emit();
      }
    }

    private void emit() {
      byte[] bytes = line.toByteArray();
      line.reset();
      int length = bytes.length;
      while (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
      sink.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
  }
}
