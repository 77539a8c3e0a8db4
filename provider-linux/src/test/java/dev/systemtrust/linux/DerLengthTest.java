package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DerLengthTest {
    @Test
    void shortAndLongForms() {
        assertThat(DerLength.elementLength(new byte[] {0x30, 0x01, 0x05}, 0)).isEqualTo(3);
        byte[] longForm = new byte[4 + 0x100];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x82;
        longForm[2] = 0x01;
        assertThat(DerLength.elementLength(longForm, 0)).isEqualTo(longForm.length);
        assertThat(DerLength.contentOffset(longForm, 0)).isEqualTo(4);
    }

    @Test
    void rejectsOverrunsIndefiniteAndHugeLengths() {
        assertThat(DerLength.elementLength(new byte[] {0x30, 0x05, 0x00}, 0)).isEqualTo(-1);
        assertThat(DerLength.elementLength(new byte[] {0x30, (byte) 0x80, 0x00, 0x00}, 0)).isEqualTo(-1);
        assertThat(DerLength.elementLength(new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0)).isEqualTo(-1);
        assertThat(DerLength.elementLength(new byte[] {0x30}, 0)).isEqualTo(-1);
        assertThat(DerLength.elementLength(new byte[] {0x1f, 0x01, 0x00}, 0)).isEqualTo(-1);
    }
}
