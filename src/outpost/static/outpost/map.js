/* The border map: draws the GeoJSON embedded in the page (#border-map-data) with Leaflet.
   Segments are lines coloured by neighbouring country; markers are circles with a popup.
   Tiles are drawn only when a tile server is configured (data-tile-url). */
(function () {
  "use strict";
  var el = document.getElementById("border-map");
  var source = document.getElementById("border-map-data");
  if (!el || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = el.dataset;
  var map = L.map(el, { preferCanvas: false });
  if (labels.tileUrl) {
    L.tileLayer(labels.tileUrl, { maxZoom: 19 }).addTo(map);
  }

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function markerPopup(props) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", props.number));
    box.appendChild(text("div", props.kind));
    if (props.households.length) {
      box.appendChild(text("div", labels.labelHouseholds + ": " + props.households.join(", ")));
    } else {
      box.appendChild(text("div", labels.labelNobody));
    }
    var link = text("a", labels.labelOpen);
    link.href = props.url;
    box.appendChild(link);
    return box;
  }

  function segmentPopup(props) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", props.name));
    box.appendChild(text("div", props.country_name + " · " + props.length_km + " km"));
    var link = text("a", labels.labelOpen);
    link.href = props.url;
    box.appendChild(link);
    return box;
  }

  var layer = L.geoJSON(data, {
    style: function (feature) {
      return { color: feature.properties.colour, weight: 4 };
    },
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, {
        radius: 8,
        color: "#222",
        weight: 2,
        fillColor: feature.properties.colour,
        fillOpacity: 0.9,
        className: "border-marker",
      });
    },
    onEachFeature: function (feature, item) {
      var props = feature.properties;
      item.bindPopup(props.feature === "marker" ? markerPopup(props) : segmentPopup(props));
    },
  }).addTo(map);

  var bounds = layer.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  } else {
    map.setView([16.0, 106.0], 5);
  }
})();
