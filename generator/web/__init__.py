"""``kehoach web``: a local web app over a folder of plans and reports (an edge, like the command line).

Sits at the commands layer: it reads and writes files through the core (`generator.kinds`,
`generator.source.editing`, `generator.run`) and the commands' in-memory renderers, and
nothing below imports it. Modules: `folder` (paths checked, files read with their hash),
`statuses` (task status edits), `report_form` (a report as a form, checked by the report
reader), `roundtrip` (comment-keeping edits of report files), `documents` (document
buttons), `app` (the Flask routes and the rules of every request).
"""
