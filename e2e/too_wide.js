// Elements sticking out past the viewport's right edge, except those inside a box that scrolls
// or clips them (a .table-responsive): what makes the page scroll sideways.
() => {
  const clipped = (element) => {
    for (let a = element.parentElement; a; a = a.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const name = (e) =>
    e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className.trim()
      ? "." + e.className.trim().split(/\s+/).join(".") : "");
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
    .slice(0, 6)
    .map(name);
}
