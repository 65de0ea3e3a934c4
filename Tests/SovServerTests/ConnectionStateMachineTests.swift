@testable import SovServer
import Testing

/// The connection's lifecycle and slow-reader window, without sockets: every transition the handler relies on.
@Suite struct ConnectionStateMachineTests {
    @Test func admittedThenAuthorizedOnce() {
        var machine = ConnectionStateMachine()
        let r1 = machine.activated(refusal: nil)
        #expect(r1 == .admit)
        #expect(machine.state == .unauthorized && machine.holdsSlot)
        // A second activation (channelActive after handlerAdded) changes nothing.
        let r2 = machine.activated(refusal: nil)
        #expect(r2 == .none)
        // No class granted yet: nothing to apply.
        let r3 = machine.authorized(nil)
        #expect(r3 == nil)
        #expect(machine.clientClass == nil)
        let r4 = machine.authorized(.public)
        #expect(r4 == .public)
        #expect(machine.clientClass == .public)
        // Once authorized, a later decision (the TLS handshake finishing) does not change the class.
        let r5 = machine.authorized(.trusted)
        #expect(r5 == nil)
        #expect(machine.clientClass == .public)
    }

    @Test func refusedAtAdmissionHoldsNoSlot() {
        var machine = ConnectionStateMachine()
        let r6 = machine.activated(refusal: "too many connections from 10.0.0.1")
        #expect(r6 == .refuse("too many connections from 10.0.0.1"))
        #expect(!machine.holdsSlot)
        let r7 = machine.close()
        #expect(r7)
        #expect(machine.isClosed)
        let r8 = machine.inactive()
        #expect(!r8, "nothing to release")
    }

    @Test func handshakeNeedsVersionAndClass() {
        var machine = ConnectionStateMachine()
        _ = machine.activated(refusal: nil)
        #expect(machine.handshakeDeadlinePassed(versionNegotiated: true), "a version without authorization is not a handshake")
        _ = machine.authorized(.trusted)
        #expect(machine.handshakeDeadlinePassed(versionNegotiated: false))
        #expect(!machine.handshakeDeadlinePassed(versionNegotiated: true))
        #expect(machine.handshakeComplete(versionNegotiated: true))
        // Once closing, the deadline closes nothing more.
        let r9 = machine.close()
        #expect(r9)
        #expect(!machine.handshakeDeadlinePassed(versionNegotiated: false))
    }

    @Test func closesOnceAndReleasesOnce() {
        var machine = ConnectionStateMachine()
        _ = machine.activated(refusal: nil)
        _ = machine.authorized(.trusted)
        let r10 = machine.close()
        #expect(r10)
        let r11 = machine.close()
        #expect(!r11)
        #expect(machine.clientClass == nil && machine.isClosed)
        let r12 = machine.inactive()
        #expect(r12)
        let r13 = machine.inactive()
        #expect(!r13)
        let r14 = machine.activated(refusal: nil)
        #expect(r14 == .none, "a closed connection is never admitted again")
    }

    @Test func slowReaderWindow() {
        var machine = ConnectionStateMachine()
        _ = machine.activated(refusal: nil)
        _ = machine.authorized(.public)
        let timeout = 30.0, window = 1_000
        #expect(machine.stallCheck(now: 0, timeout: timeout) == .none)
        let r15 = machine.becameUnwritable(now: 100)
        #expect(r15)
        let r16 = machine.becameUnwritable(now: 101)
        #expect(!r16, "one stall is timed at a time")
        #expect(machine.stallCheck(now: 110, timeout: timeout) == .checkAgain(after: 20))
        // Taking less than the window keeps the stall's start.
        machine.took(400, stillQueued: 5_000, window: window, now: 120)
        #expect(machine.stall == .init(since: 100, taken: 400))
        #expect(machine.stallCheck(now: 130, timeout: timeout) == .close)
        // Taking a whole window while answers wait starts a new one.
        machine.took(600, stillQueued: 4_400, window: window, now: 125)
        #expect(machine.stall == .init(since: 125, taken: 0))
        #expect(machine.stallCheck(now: 130, timeout: timeout) == .checkAgain(after: 25))
        // Taking everything ends the stall.
        machine.took(4_400, stillQueued: 0, window: window, now: 126)
        #expect(machine.stall == nil)
        #expect(machine.stallCheck(now: 1_000, timeout: timeout) == .none)
        // A closed connection is not timed.
        let r17 = machine.becameUnwritable(now: 200)
        #expect(r17)
        let r18 = machine.close()
        #expect(r18)
        #expect(machine.stallCheck(now: 1_000, timeout: timeout) == .none)
    }
}
