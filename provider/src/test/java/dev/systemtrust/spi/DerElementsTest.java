package dev.systemtrust.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DerElementsTest {
    @Test
    void shortAndLongForms() {
        assertThat(DerElements.elementLength(new byte[] {0x30, 0x01, 0x05}, 0)).isEqualTo(3);
        byte[] longForm = new byte[4 + 0x100];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x82;
        longForm[2] = 0x01;
        assertThat(DerElements.elementLength(longForm, 0)).isEqualTo(longForm.length);
        assertThat(DerElements.contentOffset(longForm, 0)).isEqualTo(4);
    }

    @Test
    void rejectsOverrunsIndefiniteAndHugeLengths() {
        assertThat(DerElements.elementLength(new byte[] {0x30, 0x05, 0x00}, 0)).isEqualTo(-1);
        assertThat(DerElements.elementLength(new byte[] {0x30, (byte) 0x80, 0x00, 0x00}, 0)).isEqualTo(-1);
        assertThat(DerElements.elementLength(new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff}, 0)).isEqualTo(-1);
        assertThat(DerElements.elementLength(new byte[] {0x30}, 0)).isEqualTo(-1);
        assertThat(DerElements.elementLength(new byte[] {0x1f, 0x01, 0x00}, 0)).isEqualTo(-1);
    }

    @Test
    void offsetsAtOrPastTheEndOrNegativeAreRefusedAndLaterElementsAreRead() {
        byte[] two = {0x04, 0x01, 0x07, 0x30, 0x00};

        assertThat(DerElements.elementLength(two, 3)).isEqualTo(2);
        assertThat(DerElements.contentOffset(two, 3)).isEqualTo(5);
        assertThat(DerElements.elementLength(two, 5)).isEqualTo(-1);
        assertThat(DerElements.elementLength(two, 4)).as("one byte left").isEqualTo(-1);
        assertThat(DerElements.elementLength(two, -1)).isEqualTo(-1);
        assertThat(DerElements.contentOffset(two, 5)).as("no header there").isEqualTo(-1);
        byte[] fourByteLength = new byte[6 + 3];
        fourByteLength[0] = 0x04;
        fourByteLength[1] = (byte) 0x84;
        fourByteLength[5] = 0x03;
        assertThat(DerElements.elementLength(fourByteLength, 0)).isEqualTo(fourByteLength.length);
    }

    @Test
    void anElementEndsWithinItsContainerOrNotAtAll() {
        byte[] two = {0x04, 0x01, 0x07, 0x30, 0x00};

        assertThat(DerElements.end(two, 0, two.length)).isEqualTo(3);
        assertThat(DerElements.end(two, 3, two.length)).isEqualTo(5);
        assertThat(DerElements.end(two, 0, 2)).as("runs past its container").isEqualTo(-1);
        assertThat(DerElements.end(two, 3, 3)).as("starts at the container's end").isEqualTo(-1);
        assertThat(DerElements.end(two, -1, two.length)).isEqualTo(-1);
    }

    @Test
    void octetStringContentIsTheContentOfExactlyOneOctetString() {
        assertThat(DerElements.octetStringContent(new byte[] {0x04, 0x02, 0x30, 0x00})).containsExactly(0x30, 0x00);
        assertThat(DerElements.octetStringContent(new byte[] {0x04, 0x00})).isEmpty();
        assertThat(DerElements.octetStringContent(new byte[] {0x30, 0x02, 0x30, 0x00})).as("not an OCTET STRING")
                .isNull();
        assertThat(DerElements.octetStringContent(new byte[] {0x04, 0x01, 0x30, 0x00})).as("trailing bytes").isNull();
        assertThat(DerElements.octetStringContent(new byte[] {0x04, 0x03, 0x30, 0x00})).as("overrun").isNull();
        assertThat(DerElements.octetStringContent(new byte[] {0x04, (byte) 0x80, 0x00, 0x00})).as("indefinite")
                .isNull();
    }
}
