// Fills the latitude/longitude fields from the phone's position when the person asks for it.
// Without JavaScript (or without GPS) the fields are simply typed; nothing here is required.
(function () {
  "use strict";
  var holder = document.getElementById("locate");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!holder || !lat || !lon || !("geolocation" in navigator)) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "locate-button";
  button.textContent = holder.dataset.label;
  var status = document.createElement("p");
  status.className = "muted small";
  status.setAttribute("role", "status");
  holder.appendChild(button);
  holder.appendChild(status);
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = holder.dataset.busy;
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      status.textContent = holder.dataset.done;
      button.disabled = false;
    }, function () {
      status.textContent = holder.dataset.failed;
      button.disabled = false;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
