"""dxkit.core.atomic: Ctrl-C held back while files are replaced."""

import signal
import threading
import time

import pytest

from dxkit.core.atomic import no_interrupt


def test_ctrl_c_received_by_another_thread_waits_for_the_end_of_the_block():
    """Python raises KeyboardInterrupt in the main thread even when another thread receives the SIGINT the
    main thread blocks: the block still completes, the interrupt comes right after it."""
    ready, stop = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (ready.set(), stop.wait(10)), daemon=True)
    other.start()
    ready.wait(5)
    done = []
    try:
        with pytest.raises(KeyboardInterrupt), no_interrupt():
            signal.pthread_kill(other.ident, signal.SIGINT)  # delivered to the thread that does not block it
            time.sleep(0.2)  # the main thread runs Python code: a handler would run here
            done.append("whole")
    finally:
        stop.set()
    assert done == ["whole"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is back


def test_a_block_without_signals_changes_nothing():
    before = signal.getsignal(signal.SIGTERM)
    with no_interrupt():
        pass
    assert signal.getsignal(signal.SIGTERM) == before
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_in_another_thread_the_block_only_masks():
    out = []

    def run() -> None:
        with no_interrupt():
            out.append(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set()))

    t = threading.Thread(target=run)
    t.start()
    t.join(5)
    assert out == [True] and signal.getsignal(signal.SIGINT) is signal.default_int_handler
