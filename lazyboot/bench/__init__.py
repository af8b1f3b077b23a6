"""The toolkit's measuring machinery, one module per stage (never imported by ``import lazyboot``).

``runner`` starts fresh processes and reads their rusage, ``stats`` turns
samples into medians and warnings, ``importtime`` parses ``-X importtime``,
``probe`` asks a child which modules it loaded, ``export_json`` and
``export_html`` write results.
"""
