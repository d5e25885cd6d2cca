"""The LKE submission package: a ZIP job registered in ``reports.builders`` from
``TransferConfig.ready`` (``reports`` may not import ``transfer``, and the package needs the
LKE workbook). ``build`` reads and assembles it; ``index`` only reshapes what ``build`` read
(paths in the ZIP, the evidence index, the manifests) and queries nothing."""
