package org.baseimg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {
  @TempDir Path temp;

  @Test
  void capture_keepsStandardOutputAndErrorApart_andSendsBothAsEvents() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Processes.Result result =
        Processes.capture(
            Processes.Command.of("two streams", "sh", "-c", "echo out; echo err >&2; echo out2"),
            event -> {
              if (event instanceof Event.ToolOutput output) {
                lines.add(output.line());
              }
            });

    assertThat(result.output()).containsExactly("out", "out2");
    assertThat(result.errors()).containsExactly("err");
    assertThat(lines).containsExactlyInAnyOrder("out", "err", "out2");
  }

  @Test
  void run_failure_isOneMessageEndingWithStandardErrorsLastLines() {
    assertThatThrownBy(
            () ->
                Processes.run(
                    Processes.Command.of(
                        "a failing tool",
                        "sh",
                        "-c",
                        "echo progress; echo 'E: broken' >&2; exit 3"),
                    EventListener.NONE))
        .isInstanceOf(BaseimgException.class)
        .hasMessage(
            "a failing tool failed (exit 3): sh -c echo progress; echo 'E: broken' >&2; exit 3\nE: broken");
  }

  @Test
  void run_interrupted_killsTheWholeProcessTreeAndSaysSo() throws Exception {
    Path pids = temp.resolve("pids");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                Processes.run(
                    Processes.Command.of(
                        "sleepers", "sh", "-c", "sleep 300 & echo $! > " + pids + "; sleep 300"),
                    EventListener.NONE);
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    runner.start();
    while (!Files.exists(pids) || Files.readString(pids).isBlank()) {
      Thread.sleep(20);
    }
    long grandchild = Long.parseLong(Files.readString(pids).trim());
    runner.interrupt();
    runner.join(10_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false))
        .as("the background sleep of the interrupted shell")
        .isFalse();
  }
}
