// Shows the events the element sends (they bubble, composed, to the document).
for (const type of ["ready", "country-changed", "partially-funded", "succeeded", "error"]) {
  document.addEventListener(`banktransfer:${type}`, (event) => {
    const li = document.createElement("li");
    li.textContent = `${event.target.id} ${type} ${JSON.stringify(event.detail)}`;
    document.getElementById("events").prepend(li);
  });
}
