package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.Target;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.internal.Processes;
import org.baseimg.kernel.ModuleSelection;
import org.baseimg.kernel.StagedKernel;

/**
 * Puts the profile's kernel modules into the image with what modprobe would load with them
 * (dependencies, soft pre-dependencies), the firmware they name where the kernel or the image has
 * it, and the index files of the image's own depmod (kmod is installed with the packages), so that
 * modprobe works at boot. Nothing else of the kernel's module tree goes in.
 */
public final class ModulesStep implements BuildStep {
  /** The kernel's lists that modprobe and depmod read besides the modules themselves. */
  private static final List<String> KERNEL_LISTS =
      List.of("modules.order", "modules.builtin", "modules.builtin.modinfo");

  private final List<String> requested;
  private final EventListener events;

  public ModulesStep(List<String> requested, EventListener events) {
    this.requested = List.copyOf(requested);
    this.events = events;
  }

  @Override
  public String name() {
    return "kernel modules " + String.join(" ", requested);
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException, IOException {
    StagedKernel kernel =
        state
            .stagedKernel()
            .orElseThrow(() -> new IllegalStateException("modules are selected after the kernel"));
    ModuleSelection selection = ModuleSelection.of(kernel.modules());
    List<ModuleSelection.Selected> selected = selection.select(requested);
    for (String builtIn : selection.builtIn(requested)) {
      events.on(new Event.Info("module " + builtIn + ": built into " + kernel.release()));
    }
    Target target = state.target();
    String root = "/lib/modules/" + kernel.release() + "/";
    for (ModuleSelection.Selected module : selected) {
      target.copyIn(
          kernel.modules().resolve(module.path()), ImagePath.of(root + module.path()), 0644);
      events.on(new Event.Info("module " + module.name() + ": " + module.reason()));
      copyFirmware(kernel, module, target);
    }
    for (String list : KERNEL_LISTS) {
      Path file = kernel.modules().resolve(list);
      if (Files.isRegularFile(file)) {
        target.copyIn(file, ImagePath.of(root + list), 0644);
      }
    }
    target.run("depmod", List.of("depmod", "-a", kernel.release()), events);
    state.modules(selected);
  }

  /** The firmware files a module names, from the kernel's tree when the image lacks them. */
  private void copyFirmware(StagedKernel kernel, ModuleSelection.Selected module, Target target)
      throws BaseimgException, InterruptedException, IOException {
    Processes.Result firmware =
        Processes.capture(
            Processes.Command.of(
                "modinfo " + module.name(),
                "modinfo",
                "-F",
                "firmware",
                kernel.modules().resolve(module.path()).toString()),
            EventListener.NONE);
    for (String name : firmware.output()) {
      if (name.isBlank()) {
        continue;
      }
      ImagePath inImage = ImagePath.of("/lib/firmware/" + name.strip());
      Path fromKernel = kernel.directory().resolve("lib/firmware").resolve(name.strip());
      if (target.read(inImage).isPresent()) {
        continue;
      }
      if (Files.isRegularFile(fromKernel)) {
        target.copyIn(fromKernel, inImage, 0644);
      } else {
        events.on(
            new Event.Warning(
                "module "
                    + module.name()
                    + " names firmware "
                    + name.strip()
                    + ", which neither the kernel nor the image has: add its firmware package"));
      }
    }
  }
}
