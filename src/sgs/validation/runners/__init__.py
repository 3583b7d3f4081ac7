"""Runners: who does the work of a validation run.

* :mod:`~sgs.validation.runners.local` — one process, source after source
  (:class:`~sgs.validation.runners.local.LocalRun`);
* :mod:`~sgs.validation.runners.processes` — a large CSV file cut into byte
  ranges checked by several processes (``--jobs N``), merged into a local run;
* :mod:`~sgs.validation.runners.dask` — the same ranges checked as tasks on a
  Dask cluster (``--scheduler tcp://HOST:PORT`` or ``local:N``).

The last two share the split pass, the check of one range and the merge of
:mod:`~sgs.validation.runners.split`.

All run the batch pipeline of :mod:`sgs.validation.pipeline` with the run's
:class:`~sgs.validation.settings.Settings`;
:class:`~sgs.validation.validator.Validator` picks the runner.
"""
