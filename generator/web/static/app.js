// kehoach web: the few behaviours htmx does not give (no inline scripts: the page's policy forbids them).
(function () {
  "use strict";
  // A document just built: start its download at once (the link stays for a second try).
  document.addEventListener("htmx:afterSwap", function (event) {
    var link = event.target.querySelector && event.target.querySelector("a[data-auto-download]");
    if (link) { link.removeAttribute("data-auto-download"); link.click(); }
    var toast = document.getElementById("thong-bao");
    if (toast && event.target === toast && toast.textContent.trim()) { toast.classList.add("visible"); }
  });
  // A message in the corner closes when clicked.
  document.addEventListener("click", function (event) {
    var toast = document.getElementById("thong-bao");
    if (toast && toast.contains(event.target)) { toast.classList.remove("visible"); toast.innerHTML = ""; }
  });
  // No answer from the app (it was stopped): say so instead of doing nothing.
  document.addEventListener("htmx:sendError", function () {
    var toast = document.getElementById("thong-bao");
    if (toast) {
      toast.innerHTML = "<div class=\"msg loi\"><p>Không kết nối được với kehoach web: ứng dụng đã dừng? Chạy lại lệnh kehoach web rồi tải lại trang.</p></div>";
      toast.classList.add("visible");
    }
  });
  // The report form: leaving with unsaved changes asks first.
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form[data-warn-unsaved]")) { dirty = true; }
  });
  document.body.addEventListener("kehoach-saved", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
