"""Compare two Word documents with LibreOffice; write the new one with tracked changes.

Run by `generator.yearly.tracked` with a Python that has LibreOffice's ``uno`` module (the
one bundled with LibreOffice, or Debian's python3-uno); it imports nothing of kehoach.

    python lo_compare.py SOFFICE OLD.docx NEW.docx OUT.docx PROFILE_DIR

It starts a private headless LibreOffice (its own throw-away profile), opens NEW, runs
Edit ▸ Track Changes ▸ Compare Document against OLD (real w:ins / w:del in the result),
saves OUT as .docx and stops LibreOffice. Exit 0 on success; a message and exit 1 else.
"""

import os
import subprocess
import sys
import time
from pathlib import Path


def _url(path: str) -> str:
    return Path(path).resolve().as_uri()


def main(argv: list) -> int:
    import uno  # noqa: F401 - LibreOffice's Python bridge
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    soffice, old, new, out, profile = argv
    pipe = f"kehoach_compare_{os.getpid()}"
    proc = subprocess.Popen([soffice, f"-env:UserInstallation={_url(profile)}", "--headless", "--invisible",
                             "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        deadline = time.monotonic() + 90
        while ctx is None:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    print("LibreOffice không khởi động được.", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(_url(new), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            print(f"LibreOffice không mở được {new}.", file=sys.stderr)
            return 1
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        frame = doc.getCurrentController().getFrame()
        dispatcher.executeDispatch(frame, ".uno:CompareDocuments", "", 0,
                                   (prop("URL", _url(old)), prop("NoAcceptDialog", True)))
        doc.storeToURL(_url(out), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes away while LibreOffice quits
            pass
        return 0
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
