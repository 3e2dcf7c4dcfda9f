package org.baseimg.sbom.internal;

import java.util.Comparator;
import java.util.List;
import org.baseimg.sbom.SbomInput;

/**
 * What both documents take from an {@link SbomInput}, in the one order they list it: packages by
 * name and architecture, modules by name, files in archive order.
 */
record SortedInput(
    SbomInput input,
    List<SbomInput.Package> packages,
    List<SbomInput.Module> modules,
    List<SbomInput.AddedFile> files,
    String distro,
    String description) {

  static SortedInput of(SbomInput input) {
    return new SortedInput(
        input,
        input.packages().stream()
            .sorted(
                Comparator.comparing(SbomInput.Package::name)
                    .thenComparing(SbomInput.Package::architecture))
            .toList(),
        input.kernel().map(SbomInput.Kernel::modules).orElse(List.of()).stream()
            .sorted(Comparator.comparing(SbomInput.Module::name))
            .toList(),
        input.files().stream().sorted(Comparator.comparing(SbomInput.AddedFile::path)).toList(),
        Purl.distro(input.suite(), input.debianVersion()),
        "initramfs of the image "
            + input.imageName()
            + ": Debian "
            + input.suite()
            + " for "
            + input.arch());
  }

  /** A package's purl. */
  String purl(SbomInput.Package p) {
    return Purl.deb(p.name(), p.version(), p.architecture(), distro);
  }

  /** A module's file in the image. */
  String modulePath(SbomInput.Module module) {
    return "/lib/modules/" + input.kernel().orElseThrow().release() + "/" + module.path();
  }
}
