/* Live updates, an enhancement only: the markup it reads and the events are in docs/live.md. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.io || !script) return;
  var d = document, rooms = {}, seen = {}, polling = false, timer = null, lastTyping = 0;
  var counters = d.querySelectorAll("[data-notification-count]");
  var userId = parseInt(script.getAttribute("data-user"), 10);

  function $(el, selector) { return el.querySelector(selector); }
  function show(el, on) { if (el) el.hidden = !on; }
  function each(fn) { Object.keys(rooms).forEach(function (name) { fn(rooms[name], name); }); }
  function addRoom(kind, id, el) {
    var since = parseInt(el.getAttribute("data-live-since"), 10);
    if (kind && id > 0) rooms[kind + ":" + id] = { kind: kind, id: id, el: el, since: since > 0 ? since : null };
  }
  ["thread", "channel"].forEach(function (kind) {
    d.querySelectorAll("[data-live-" + kind + "]").forEach(function (el) {
      addRoom(el.getAttribute("data-live-kind") || kind, parseInt(el.getAttribute("data-live-" + kind), 10), el);
    });
  });
  if (userId > 0 && counters.length) addRoom("user", userId, d.body);
  if (!Object.keys(rooms).length) return; // nothing here follows live events: do not connect

  var socket = window.io({ transports: ["websocket", "polling"] });
  window.workspaceLive = { socket: socket, rooms: rooms };
  function state(room, value) { room.el.setAttribute("data-live-state", value); }
  function roomData(room) { var data = {}; data[room.kind] = room.id; return data; }

  // While the connection is down (Socket.IO retries it), say so and poll instead.
  function paused(on) {
    each(function (room) { if (room.kind !== "user") show($(room.el, "[data-live-paused]"), on); });
    if (on && !polling) timer = setTimeout(poll, 5000);
    if (!on) { clearTimeout(timer); timer = null; }
    polling = on;
  }
  socket.on("connect", function () {
    paused(false);
    each(function (room) {
      var data = roomData(room);
      if (room.since) data.since = room.since;
      socket.emit("subscribe", data, function (ack) {
        state(room, ack && ack.ok ? "live" : "refused");
        if (ack && ack.ok && ack.complete === false) show($(room.el, "[data-live-stale]"), true);
      });
    });
  });
  socket.on("disconnect", function () {
    each(function (room) { state(room, "offline"); });
    paused(socket.active); // not active: the server closed it for good, no retry
  });
  socket.on("connect_error", function () { paused(socket.active); }); // refused: nothing to wait for

  // The event's room, once per event (a caught-up event is never applied twice).
  function accept(data) {
    var room = data && typeof data.id === "number" && !seen[data.id] && rooms[data.room];
    if (!room) return null;
    seen[data.id] = true;
    if (!room.since || data.id > room.since) room.since = data.id;
    return room;
  }
  function fragment(html) {
    var template = d.createElement("template");
    template.innerHTML = html; // rendered and sanitized by the server; scripts in it never run
    return template.content;
  }
  function byId(id) { return d.getElementById(id); }

  var handlers = {
    "post.created": onPost,
    "post.updated": onPost,
    "thread.created": function (data) {
      var room = accept(data), box = room && $(room.el, "[data-live-threads]");
      if (box && !byId("thread-" + data.thread_id) && typeof data.html === "string") box.insertBefore(fragment(data.html), box.firstChild);
    },
    // Lock and answer on a thread page; reply counts on a channel page.
    "thread.updated": function (data) {
      var room = accept(data);
      if (!room) return;
      d.querySelectorAll('[data-thread-locked="' + data.thread_id + '"]').forEach(function (el) { el.hidden = !data.locked; });
      var row = byId("thread-" + data.thread_id), count = row && $(row, "[data-post-count]");
      if (count && typeof data.post_count === "number") count.textContent = data.post_count;
      if (room.kind !== "thread") return;
      room.el.querySelectorAll("article.post.answer").forEach(function (el) { el.classList.remove("answer"); });
      var answer = data.answer_post_id && byId("post-" + data.answer_post_id);
      if (answer) answer.classList.add("answer");
    },
    notification: function (data) {
      if (accept(data) && typeof data.count === "number") {
        counters.forEach(function (el) { el.textContent = data.count; el.hidden = data.count === 0; });
      }
    },
  };
  function onPost(data) {
    var room = accept(data);
    if (!room || typeof data.html !== "string") return;
    var existing = byId("post-" + data.post_id), parent = data.parent_id && byId("post-" + data.parent_id);
    var box = (parent && $(parent, "[data-live-replies]")) || $(room.el, "[data-live-posts]");
    if (existing) existing.replaceWith(fragment(data.html));
    else if (box) box.appendChild(fragment(data.html));
  }
  Object.keys(handlers).forEach(function (name) { socket.on(name, handlers[name]); });

  // This reader may no longer read the room: say so and show nothing more of it.
  function closeRoom(name) {
    var room = rooms[name];
    if (!room) return;
    delete rooms[name];
    state(room, "closed");
    ["paused", "presence", "typing"].forEach(function (part) { show($(room.el, "[data-live-" + part + "]"), false); });
    show($(room.el, "[data-live-closed]"), true);
  }
  socket.on("room.closed", function (data) { if (data && typeof data.room === "string") closeRoom(data.room); });

  function pollRoom(room, name) {
    var url = room.el.getAttribute("data-live-poll") + "?since=" + (room.since || 0);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected || [401, 403, 404].indexOf(response.status) >= 0) return closeRoom(name);
        return response.ok && /json/.test(response.headers.get("Content-Type")) ? response.json() : null;
      })
      .then(function (body) {
        if (!body || !rooms[name] || !Array.isArray(body.events)) return;
        body.events.forEach(function (item) {
          var handler = item && handlers[item.event];
          if (handler) handler(item.data);
        });
        if (body.complete === false) show($(room.el, "[data-live-stale]"), true);
      })
      .catch(function () {}); // offline altogether: again at the next round
  }
  function poll() {
    timer = null;
    var rounds = [];
    each(function (room, name) { if (room.kind !== "user" && room.el.hasAttribute("data-live-poll")) rounds.push(pollRoom(room, name)); });
    Promise.all(rounds).then(function () { if (polling && timer === null) timer = setTimeout(poll, 5000); });
  }

  // Who is reading the thread, who is writing a reply (shown 4 s).
  function part(data, name) { var room = data && rooms[data.room]; return room && $(room.el, "[data-live-" + name + "]"); }
  socket.on("presence", function (data) {
    var el = part(data, "presence");
    if (!el || !Array.isArray(data.names)) return;
    ($(el, "[data-live-names]") || el).textContent = data.names.join(", ");
    show(el, data.names.length > 0);
  });
  socket.on("typing", function (data) {
    var el = part(data, "typing");
    if (!el || typeof data.name !== "string") return;
    ($(el, "[data-live-names]") || el).textContent = data.name;
    show(el, true);
    clearTimeout(el.liveTimer);
    el.liveTimer = setTimeout(function () { show(el, false); }, 4000);
  });
  // Tell the room when this member types in a text box inside it, at most every 2 s.
  d.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches("textarea, [contenteditable]")) return;
    each(function (room) {
      if (room.kind !== "user" && room.el.contains(target) && Date.now() - lastTyping > 2000) {
        lastTyping = Date.now();
        socket.emit("typing", roomData(room));
      }
    });
  });
})();
