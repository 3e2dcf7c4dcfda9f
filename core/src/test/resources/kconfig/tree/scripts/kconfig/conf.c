/* Empty: KernelTree only checks that the tree has kconfig's sources. */
