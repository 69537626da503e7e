/* Kneewise timers on Today (issue #12): hold timer, set counter, walk-run interval timer with
   an optional step-rate beat. Dependency-free progressive enhancement: the controls are
   hidden in the HTML and shown here; without JavaScript the page still shows the plan.
   Time is read from Date.now(), so a paused or backgrounded tab never drifts. */
(function () {
  "use strict";

  var audio = null;

  function beep(frequency, seconds) {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) { return; }
      audio = audio || new Context();
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.2;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + seconds);
    } catch (error) { /* no sound on this device: the text still changes */ }
  }

  function buzz(pattern) {
    if (navigator.vibrate) { navigator.vibrate(pattern); }
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* A stopwatch that can pause: elapsed seconds from Date.now(). */
  function Stopwatch() {
    this.before = 0;
    this.since = null;
  }
  Stopwatch.prototype.elapsed = function () {
    return this.before + (this.since === null ? 0 : (Date.now() - this.since) / 1000);
  };
  Stopwatch.prototype.start = function () {
    if (this.since === null) { this.since = Date.now(); }
  };
  Stopwatch.prototype.pause = function () {
    this.before = this.elapsed();
    this.since = null;
  };
  Stopwatch.prototype.reset = function () {
    this.before = 0;
    this.since = null;
  };
  Stopwatch.prototype.running = function () { return this.since !== null; };

  function ticking(update) {
    var handle = null;
    return {
      on: function () { if (handle === null) { handle = window.setInterval(update, 200); } update(); },
      off: function () { if (handle !== null) { window.clearInterval(handle); handle = null; } }
    };
  }

  function setupHold(box, total) {
    var left = box.querySelector(".hold-left");
    var status = box.querySelector(".timer-status");
    var watch = new Stopwatch();
    var done = false;
    var tick = ticking(function () {
      var remaining = total - watch.elapsed();
      left.textContent = clock(remaining);
      if (remaining <= 0 && !done) {
        done = true;
        watch.pause();
        tick.off();
        status.textContent = "Time. Rest, then the next set.";
        beep(880, 0.4);
        buzz([300, 100, 300]);
      }
    });
    box.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "hold-start") {
        if (done) { watch.reset(); done = false; }
        watch.start();
        status.textContent = "Counting down";
        beep(660, 0.15);
        tick.on();
      } else if (action === "hold-pause" && watch.running()) {
        watch.pause();
        status.textContent = "Paused";
        tick.off();
      } else if (action === "hold-reset") {
        watch.reset();
        done = false;
        status.textContent = total + " seconds a set";
        tick.off();
        left.textContent = clock(total);
      }
    });
    left.textContent = clock(total);
  }

  function setupSets(box, total) {
    var shown = box.querySelector(".sets-done");
    var count = 0;
    box.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "set-done") { count = Math.min(total, count + 1); }
      if (action === "set-reset") { count = 0; }
      shown.textContent = String(count);
    });
  }

  /* Walk-run: repeats of (run, walk); the phase comes from the elapsed time alone. */
  function phaseAt(seconds, run, walk, repeats) {
    var cycle = run + walk;
    if (seconds >= cycle * repeats) { return { name: "done", left: 0, round: repeats }; }
    var round = Math.floor(seconds / cycle);
    var into = seconds - round * cycle;
    if (into < run) { return { name: "run", left: run - into, round: round + 1 }; }
    return { name: "walk", left: cycle - into, round: round + 1 };
  }

  function setupInterval(box) {
    var run = Number(box.getAttribute("data-run"));
    var walk = Number(box.getAttribute("data-walk"));
    var repeats = Number(box.getAttribute("data-repeats"));
    var cadence = Number(box.getAttribute("data-cadence") || 0);
    var phase = box.querySelector(".interval-phase");
    var left = box.querySelector(".interval-left");
    var round = box.querySelector(".interval-round");
    var metronome = box.querySelector("[data-action=metronome]");
    var watch = new Stopwatch();
    var last = null;
    var beat = null;
    var words = { run: "Run", walk: "Walk", done: "Done" };

    function beatOn(on) {
      if (on && beat === null && cadence > 0) {
        beat = window.setInterval(function () { beep(1200, 0.03); }, 60000 / cadence);
      } else if (!on && beat !== null) {
        window.clearInterval(beat);
        beat = null;
      }
    }

    function paint() {
      var now = phaseAt(watch.elapsed(), run, walk, repeats);
      if (!watch.running() && watch.elapsed() === 0) {
        phase.textContent = "Ready";
        phase.className = "interval-phase";
        left.textContent = clock(run);
        round.textContent = repeats + " rounds of run " + clock(run) + ", walk " + clock(walk);
        last = null;
        beatOn(false);
        return;
      }
      left.textContent = clock(now.left);
      round.textContent = now.name === "done"
        ? "All " + repeats + " rounds done. Cool down with an easy walk."
        : "Round " + now.round + " of " + repeats;
      if (!watch.running() && now.name !== "done") {
        phase.textContent = "Paused";
        phase.className = "interval-phase";
        last = null;
        beatOn(false);
        return;
      }
      if (now.name !== last) {
        phase.textContent = words[now.name];
        phase.className = "interval-phase interval-phase--" + now.name;
        if (last !== null || now.name === "run") {
          beep(now.name === "run" ? 880 : 440, now.name === "done" ? 0.8 : 0.35);
          buzz(now.name === "run" ? [400] : [200, 100, 200]);
        }
        last = now.name;
      }
      if (now.name === "done") { watch.pause(); tick.off(); beatOn(false); return; }
      beatOn(watch.running() && now.name === "run" && metronome !== null && metronome.checked);
    }
    var tick = ticking(paint);

    box.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "interval-start") {
        if (phaseAt(watch.elapsed(), run, walk, repeats).name === "done") { watch.reset(); last = null; }
        watch.start();
        tick.on();
      } else if (action === "interval-pause" && watch.running()) {
        watch.pause();
        tick.off();
        paint();
      } else if (action === "interval-reset") {
        watch.reset();
        tick.off();
        paint();
      }
    });
    if (metronome) {
      metronome.addEventListener("change", paint);
    }
    paint();
  }

  function start() {
    var i;
    var moves = document.querySelectorAll(".moves");
    for (i = 0; i < moves.length; i += 1) {
      if (moves[i].hasAttribute("data-hold-seconds")) {
        setupHold(moves[i].querySelector(".hold-timer"), Number(moves[i].getAttribute("data-hold-seconds")));
      }
      setupSets(moves[i].querySelector(".set-counter"), Number(moves[i].getAttribute("data-sets")));
      moves[i].hidden = false;
    }
    var intervals = document.querySelectorAll("[data-interval]");
    for (i = 0; i < intervals.length; i += 1) {
      setupInterval(intervals[i]);
      intervals[i].hidden = false;
    }
  }

  start();
}());
