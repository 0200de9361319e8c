/*
 * Live updates: an enhancement only, every page works without it. Contract and markup in
 * the README (Live updates). Rooms come from the page:
 *   data-live-thread="ID" / data-live-channel="ID"   (data-live-kind overrides the kind)
 *   data-live-since="EVENT_ID"                        (last event the page already shows)
 * and inside a room element: [data-live-posts], [data-live-threads], [data-live-presence]
 * (with [data-live-names]), [data-live-typing] (with [data-live-names]), [data-live-stale],
 * [data-live-paused] (shown while the connection is down) and [data-live-closed] (shown
 * once the room is closed to this reader, "room.closed").
 *   data-live-poll="URL"   polled (URL?since=EVENT_ID) while the connection is down; its
 *                          events are applied as if they had come live
 * The header's [data-notification-count] follows "notification" events ({count}).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!window.io || !script) {
    return;
  }
  var userId = parseInt(script.getAttribute("data-user") || "", 10);
  var rooms = {}; // "thread:5" -> {kind, id, el, since}
  var seen = {}; // event ids already applied, so a caught-up event is never applied twice
  var TYPING_EVERY_MS = 2000;
  var TYPING_SHOWN_MS = 4000;
  var POLL_EVERY_MS = 5000;
  var polling = false; // while the connection is down
  var pollTimer = null; // the next round, when one is due

  function addRoom(kind, id, el) {
    if (!kind || !(id > 0)) {
      return;
    }
    var since = parseInt(el.getAttribute("data-live-since") || "", 10);
    rooms[kind + ":" + id] = { kind: kind, id: id, el: el, since: since > 0 ? since : null };
  }

  document.querySelectorAll("[data-live-thread]").forEach(function (el) {
    addRoom(el.getAttribute("data-live-kind") || "thread", parseInt(el.getAttribute("data-live-thread"), 10), el);
  });
  document.querySelectorAll("[data-live-channel]").forEach(function (el) {
    addRoom(el.getAttribute("data-live-kind") || "channel", parseInt(el.getAttribute("data-live-channel"), 10), el);
  });
  var counters = document.querySelectorAll("[data-notification-count]");
  if (userId > 0 && counters.length) {
    addRoom("user", userId, document.body);
  }
  if (!Object.keys(rooms).length) {
    return; // nothing on this page follows live events: do not even connect
  }

  var socket = window.io({ transports: ["websocket", "polling"] });
  window.workspaceLive = { socket: socket, rooms: rooms };

  function subscribe(room) {
    var data = {};
    data[room.kind] = room.id;
    if (room.since) {
      data.since = room.since;
    }
    socket.emit("subscribe", data, function (ack) {
      if (!ack || !ack.ok) {
        room.el.setAttribute("data-live-state", "refused");
        return;
      }
      room.el.setAttribute("data-live-state", "live");
      if (ack.complete === false) {
        show(room.el.querySelector("[data-live-stale]"), true);
      }
    });
  }

  // The rooms of the page itself (not the personal room, whose element is the body).
  function pageRooms() {
    return Object.keys(rooms).filter(function (name) {
      return rooms[name].kind !== "user";
    });
  }

  // While the connection is down (and Socket.IO retries it), say so and poll instead.
  function paused(on) {
    pageRooms().forEach(function (name) {
      show(rooms[name].el.querySelector("[data-live-paused]"), on);
    });
    if (on && !polling) {
      polling = true;
      pollTimer = setTimeout(poll, POLL_EVERY_MS);
    } else if (!on) {
      polling = false;
      clearTimeout(pollTimer);
      pollTimer = null;
    }
  }

  socket.on("connect", function () {
    paused(false);
    Object.keys(rooms).forEach(function (name) {
      subscribe(rooms[name]);
    });
  });
  socket.on("disconnect", function () {
    Object.keys(rooms).forEach(function (name) {
      rooms[name].el.setAttribute("data-live-state", "offline");
    });
    paused(socket.active); // false when the server closed it for good: it will not retry
  });
  socket.on("connect_error", function () {
    paused(socket.active); // not active: refused (signed out), nothing to wait for
  });

  // Remember the event (for `since` on reconnect); false if it was already applied.
  function accept(data) {
    if (!data || typeof data.id !== "number" || !rooms[data.room] || seen[data.id]) {
      return null;
    }
    seen[data.id] = true;
    var room = rooms[data.room];
    if (!room.since || data.id > room.since) {
      room.since = data.id;
    }
    return room;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html; // server-rendered and sanitized; scripts in it never run
    return template.content;
  }

  function show(el, visible) {
    if (el) {
      el.hidden = !visible;
    }
  }

  function upsert(room, elementId, html, container) {
    if (typeof html !== "string") {
      return;
    }
    var existing = document.getElementById(elementId);
    if (existing) {
      existing.replaceWith(fragment(html));
    } else if (container) {
      container.appendChild(fragment(html));
    }
  }

  function onPost(data) {
    var room = accept(data);
    if (!room) {
      return;
    }
    var parent = data.parent_id && document.getElementById("post-" + data.parent_id);
    var container = (parent && parent.querySelector("[data-live-replies]")) ||
      room.el.querySelector("[data-live-posts]");
    upsert(room, "post-" + data.post_id, data.html, container);
  }

  function onThreadCreated(data) {
    var room = accept(data);
    if (room) {
      var container = room.el.querySelector("[data-live-threads]");
      if (container && !document.getElementById("thread-" + data.thread_id) && typeof data.html === "string") {
        container.insertBefore(fragment(data.html), container.firstChild);
      }
    }
  }

  // Lock and answer on a thread page; reply counts on a channel page.
  function onThreadUpdated(data) {
    var room = accept(data);
    if (!room) {
      return;
    }
    document.querySelectorAll('[data-thread-locked="' + data.thread_id + '"]').forEach(function (el) {
      el.hidden = !data.locked;
    });
    var row = document.getElementById("thread-" + data.thread_id);
    var count = row && row.querySelector("[data-post-count]");
    if (count && typeof data.post_count === "number") {
      count.textContent = String(data.post_count);
    }
    if (room.kind === "thread") {
      room.el.querySelectorAll("article.post.answer").forEach(function (el) {
        el.classList.remove("answer");
      });
      var answer = data.answer_post_id && document.getElementById("post-" + data.answer_post_id);
      if (answer) {
        answer.classList.add("answer");
      }
    }
  }

  function onNotification(data) {
    if (accept(data) && typeof data.count === "number") {
      counters.forEach(function (el) {
        el.textContent = String(data.count);
        el.hidden = data.count === 0;
      });
    }
  }

  // Room events, whether they come live or from polling.
  var handlers = {
    "post.created": onPost,
    "post.updated": onPost,
    "thread.created": onThreadCreated,
    "thread.updated": onThreadUpdated,
    notification: onNotification,
  };
  Object.keys(handlers).forEach(function (name) {
    socket.on(name, handlers[name]);
  });

  // This reader may no longer read the room (moved, restricted, signed out...): say so and
  // show nothing more of it.
  function closeRoom(name) {
    var room = rooms[name];
    if (!room) {
      return;
    }
    delete rooms[name];
    room.el.setAttribute("data-live-state", "closed");
    ["[data-live-paused]", "[data-live-presence]", "[data-live-typing]"].forEach(function (selector) {
      show(room.el.querySelector(selector), false);
    });
    show(room.el.querySelector("[data-live-closed]"), true);
  }

  socket.on("room.closed", function (data) {
    if (data && typeof data.room === "string") {
      closeRoom(data.room);
    }
  });

  function pollRoom(name) {
    var room = rooms[name];
    var url = room.el.getAttribute("data-live-poll") + "?since=" + (room.since || 0);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected || [401, 403, 404].indexOf(response.status) >= 0) {
          closeRoom(name);
          return null;
        }
        var json = /json/.test(response.headers.get("Content-Type") || "");
        return response.ok && json ? response.json() : null;
      })
      .then(function (body) {
        if (!body || !rooms[name] || !Array.isArray(body.events)) {
          return;
        }
        body.events.forEach(function (item) {
          var handler = item && handlers[item.event];
          if (handler) {
            handler(item.data);
          }
        });
        if (body.complete === false) {
          show(room.el.querySelector("[data-live-stale]"), true);
        }
      })
      .catch(function () {
        // Offline altogether: try again at the next round.
      });
  }

  function poll() {
    pollTimer = null;
    var polled = pageRooms().filter(function (name) {
      return rooms[name].el.hasAttribute("data-live-poll");
    });
    Promise.all(polled.map(pollRoom)).then(function () {
      if (polling && pollTimer === null) {
        pollTimer = setTimeout(poll, POLL_EVERY_MS);
      }
    });
  }

  socket.on("presence", function (data) {
    var room = data && rooms[data.room];
    var el = room && room.el.querySelector("[data-live-presence]");
    if (!el || !Array.isArray(data.names)) {
      return;
    }
    var names = el.querySelector("[data-live-names]") || el;
    names.textContent = data.names.join(", ");
    show(el, data.names.length > 0);
  });

  socket.on("typing", function (data) {
    var room = data && rooms[data.room];
    var el = room && room.el.querySelector("[data-live-typing]");
    if (!el || typeof data.name !== "string") {
      return;
    }
    (el.querySelector("[data-live-names]") || el).textContent = data.name;
    show(el, true);
    clearTimeout(el.liveTimer);
    el.liveTimer = setTimeout(function () {
      show(el, false);
    }, TYPING_SHOWN_MS);
  });

  // Tell the room when this member types in a text box inside it (at most every 2 s).
  var lastTyping = 0;
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.closest || !target.matches("textarea, [contenteditable]")) {
      return;
    }
    Object.keys(rooms).forEach(function (name) {
      var room = rooms[name];
      var now = Date.now();
      if (room.kind !== "user" && room.el.contains(target) && now - lastTyping > TYPING_EVERY_MS) {
        lastTyping = now;
        var data = {};
        data[room.kind] = room.id;
        socket.emit("typing", data);
      }
    });
  });
})();
