"""Import last year's plan as the office has it (.docx, .doc, .pdf, .txt) into plan YAML.

`import_files(paths)` reads the files (`sources`), recognises the documents in them
(`recognize`), builds the office registry (`offices`) and writes tidy YAML (`writer`),
with a Vietnamese report of what could not be placed.
"""
