package org.streetwatch.detector.aim;

import java.util.Locale;

/** How a camera's picture compares with its reference picture, the one its zones were drawn on. */
public enum CameraState {
    /** As it was: the zones fit. */
    OK,
    /** Moved a little: the zones are moved with the picture and the rules go on. */
    SHIFTED,
    /** Moved so far (or turned away) that the zones cannot be placed: the rules are suspended. */
    MISAIMED,
    /** The lens is covered (a uniform picture): the rules are suspended. */
    COVERED,
    /** Out of focus, or a smeared lens: the rules are suspended. */
    BLURRED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True if the camera's rules cannot judge this picture. */
    public boolean suspends() {
        return this == MISAIMED || this == COVERED || this == BLURRED;
    }
}
